import type { Readable } from "node:stream";
import type { InstanceRef } from "@bbws/contracts";
import type { Logger, ResourceRecords } from "@bbws/mesh";
import type { StorageNames } from "../domain/storageNames.ts";

/**
 * The pieces a StorageProvider is assembled from. The local and AWS adapters
 * differ only in these; the flow (records, order, archive-before-drop) is one
 * module, `composeStorageProvider`, so both behave the same.
 */

/** A POSIX uid (and gid of the same number) unique per tenant. */
export interface UidAllocator {
  /** Idempotent: the same tenant always gets its current uid back. Safe under concurrency. */
  allocate(tenantId: string): Promise<number>;
  /** Frees the tenant's uid; `known` is the uid a record remembered, for a release after a crash. */
  release(tenantId: string, known?: number): Promise<void>;
}

/** The tenant's content directory (an EFS access point on AWS). */
export interface ContentArea {
  /** Creates or converges the area; returns the access point id the outputs carry. */
  ensure(names: StorageNames, posix: { uid: number; gid: number }): Promise<{ accessPointId: string }>;
  /** Where this process reads the tenant's files from (the EFS mount on AWS). */
  pathOf(names: StorageNames): string;
  /** Deletes the area and its files; idempotent. Returns what it deleted, for the audit trail. */
  release(names: StorageNames, known: { accessPointId?: string }): Promise<string[]>;
  /**
   * Who restored files belong to: the tenant's uid/gid, or `undefined` when this process cannot
   * chown (locally without root), so they stay this process's.
   */
  restoredOwner(posix: { uid: number; gid: number }): { uid: number; gid: number } | undefined;
}

export interface DatabaseCredentials {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** Where the tenant's database credentials live (Secrets Manager, a 0600 file). */
export interface CredentialStore {
  /**
   * Returns the stored credentials, or stores `draft` first when none exist.
   * The password that comes back is the one to use: under a race, the stored one wins.
   */
  ensure(
    names: StorageNames,
    draft: DatabaseCredentials,
  ): Promise<{ ref: string; credentials: DatabaseCredentials }>;
  remove(names: StorageNames): Promise<string[]>;
  /** The versions a rotation works with (staging labels AWSCURRENT, AWSPENDING, AWSPREVIOUS on AWS). */
  versions(names: StorageNames): Promise<CredentialVersions>;
  /** Stores `credentials` as the pending version `versionId`, unless a pending version already exists. */
  putPending(names: StorageNames, credentials: DatabaseCredentials, versionId: string): Promise<void>;
  /** Pending version `versionId` becomes current; the current one becomes previous. */
  promote(names: StorageNames, versionId: string): Promise<void>;
  /** Undoes `promote` of `versionId` (when it is current) and drops its pending version. */
  demote(names: StorageNames, versionId: string): Promise<void>;
  /** The previous version's password was revoked: it is no longer offered (kept on AWS, where it is history). */
  forgetPrevious(names: StorageNames): Promise<void>;
}

export interface CredentialVersion {
  readonly credentials: DatabaseCredentials;
  readonly versionId?: string;
}

export interface CredentialVersions {
  readonly current: CredentialVersion;
  readonly pending?: CredentialVersion;
  readonly previous?: CredentialVersion;
}

/** Per-tenant MySQL database and user. */
export interface TenantDatabase {
  ensure(credentials: { database: string; user: string; password: string }): Promise<void>;
  exists(database: string): Promise<boolean>;
  /** A consistent logical dump into `file`; returns its size. */
  dump(database: string, file: string): Promise<{ sizeBytes: number }>;
  /** Drops every table and view of `database`, then runs the statements of a dump `file` in it. */
  load(database: string, file: string): Promise<void>;
  drop(target: { database: string; user: string; alternateUser?: string }): Promise<string[]>;
  /** Sets `user`'s password and grants it the tenant's database (creating the user if missing). */
  setPassword(credentials: { database: string; user: string; password: string }): Promise<void>;
  /** Replaces `user`'s password with `password` (one nobody keeps); nothing when the user does not exist. */
  revokePassword(target: { user: string; password: string }): Promise<void>;
  /** Logs in as the credentials' user and reads its database; `STORAGE.CREDENTIALS_INVALID` if that fails. */
  testLogin(credentials: DatabaseCredentials): Promise<void>;
}

/** Where archives go (a directory, an S3 bucket) and how they are read back. */
export interface ArchiveStore {
  /** Stores the file under `name` with its checksum; returns the archive's location. */
  put(
    file: string,
    name: string,
    check: { sha256: string; sizeBytes: number },
    instance: InstanceRef,
  ): Promise<string>;
  /** Reads a stored archive back, for verification before anything is dropped. */
  open(location: string): Promise<{ body: Readable; sizeBytes: number }>;
  locationOf(name: string): string;
}

export interface StorageParts {
  readonly uids: UidAllocator;
  readonly content: ContentArea;
  readonly credentials: CredentialStore;
  readonly database: TenantDatabase;
  readonly archives: ArchiveStore;
  readonly records: ResourceRecords;
  readonly databaseHost: string;
  readonly databasePort: number;
  /** A scratch directory for building archives (Lambda: under /tmp). */
  readonly stagingDir: string;
  readonly clock: () => Date;
  readonly newPassword: () => string;
  readonly logger: Logger;
}
