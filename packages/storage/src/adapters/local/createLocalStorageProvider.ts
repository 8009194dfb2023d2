import { join } from "node:path";
import type { LocalSecrets } from "@bbws/local-cloud";
import { type Logger, type ResourceRecords, silentLogger } from "@bbws/mesh";
import type { StorageProvider } from "../../ports.ts";
import { composeStorageProvider } from "../composeStorageProvider.ts";
import { newDatabasePassword } from "../newDatabasePassword.ts";
import { createSqlTenantDatabase } from "../sql/createSqlTenantDatabase.ts";
import type { SqlPool } from "../sql/sqlPool.ts";
import type { StorageParts } from "../storageParts.ts";
import { createLocalArchiveStore } from "./localArchiveStore.ts";
import { createLocalContentArea } from "./localContentArea.ts";
import { createLocalCredentialStore } from "./localCredentialStore.ts";
import { createLocalUidAllocator, type UidRange } from "./localUidAllocator.ts";

export interface LocalStorageProviderOptions {
  /** An admin mysql2 pool on the local MariaDB (root), small (2-4 connections). */
  readonly pool: SqlPool;
  /** What the outputs and the secret tell WordPress to connect to. */
  readonly databaseHost: string;
  readonly databasePort: number;
  /**
   * Layout: `efs/tenants/{tenantId}` content, `archive/{tenantId}/...` archives,
   * `storage/uids/` uid claims, `storage/staging/` archives being built.
   */
  readonly dataDir: string;
  readonly secrets: LocalSecrets;
  readonly records: ResourceRecords;
  readonly uidRange: UidRange;
  /** Hosts the tenant's MariaDB account may connect from; default `localhost` and `127.0.0.1`. */
  readonly userHosts?: readonly string[];
  /** Default: on when running as root (chown needs it). */
  readonly fileIsolation?: boolean;
  readonly clock?: () => Date;
  readonly logger?: Logger;
}

/** The StorageProvider on this machine: MariaDB, directories under the data dir, 0600 secret files. */
export function createLocalStorageProvider(options: LocalStorageProviderOptions): StorageProvider {
  return composeStorageProvider(createLocalStorageParts(options));
}

/** The local parts, for tests that replace one of them (a database whose load fails, say). */
export function createLocalStorageParts(options: LocalStorageProviderOptions): StorageParts {
  const logger = options.logger ?? silentLogger;
  return {
    uids: createLocalUidAllocator({ directory: join(options.dataDir, "storage"), range: options.uidRange }),
    content: createLocalContentArea({
      efsRoot: join(options.dataDir, "efs"),
      fileIsolation: options.fileIsolation ?? process.getuid?.() === 0,
      logger,
    }),
    credentials: createLocalCredentialStore(options.secrets),
    database: createSqlTenantDatabase({
      pool: options.pool,
      userHosts: options.userHosts ?? ["localhost", "127.0.0.1"],
    }),
    archives: createLocalArchiveStore({ directory: join(options.dataDir, "archive") }),
    records: options.records,
    databaseHost: options.databaseHost,
    databasePort: options.databasePort,
    stagingDir: join(options.dataDir, "storage", "staging"),
    clock: options.clock ?? (() => new Date()),
    newPassword: newDatabasePassword,
    logger,
  };
}
