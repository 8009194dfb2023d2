import type { Archive, Backup, InstanceRef, StorageOutputs } from "@bbws/contracts";

/**
 * The tenant's data, one step per method: content directory (EFS access point on AWS), MySQL
 * database and user, and the credentials secret. The decider (`domain/storageDecider.ts`) owns
 * the order; every step is idempotent and adopts what already exists, so a redelivery after a
 * crash repeats it safely. Steps re-check the tenant's record: a tenant held by another instance
 * is refused on create and never touched on release.
 */
export interface StorageProvider {
  /** Writes the tenant's record as this instance's (`intended`); `STORAGE.TENANT_IN_USE` if another's. */
  claimTenant(instance: InstanceRef): Promise<void>;
  allocateUid(instance: InstanceRef): Promise<number>;
  ensureContentArea(instance: InstanceRef, posix: { uid: number }): Promise<{ accessPointId: string }>;
  /** Stores credentials unless some exist (the stored password wins); returns the secret's reference. */
  ensureCredentials(instance: InstanceRef): Promise<{ secretRef: string }>;
  /** Database and user, with the stored credentials' password. */
  ensureDatabase(instance: InstanceRef): Promise<void>;
  /** Completes the record (`created`) and returns the outputs StorageReady carries. */
  completeStorage(
    instance: InstanceRef,
    created: { uid: number; accessPointId: string; secretRef: string },
  ): Promise<StorageOutputs>;
  /** Dumps and archives the data (verified), or reuses the archive recorded; `null`: nothing of this instance's. */
  archiveData(instance: InstanceRef): Promise<Archive | null>;
  /** The release steps return the names of what they deleted. */
  releaseContent(instance: InstanceRef): Promise<string[]>;
  dropDatabase(instance: InstanceRef): Promise<string[]>;
  removeCredentials(instance: InstanceRef): Promise<string[]>;
  releaseUid(instance: InstanceRef): Promise<string[]>;
  /** Deletes the records (tenant, archive) last. */
  forgetStorage(instance: InstanceRef): Promise<void>;
  /**
   * Backup and restore steps (`domain/decideOperation.ts` orders them); each needs the instance's
   * storage provisioned (`STORAGE.NOT_PROVISIONED`). Archives the current data (dump, content,
   * manifest) as `backups/{backupId}.tar.gz`; a retry writes the same object again.
   */
  storeBackup(instance: InstanceRef, backupId: string): Promise<Backup>;
  /** Reads the backup back and proves it whole and this instance's (`STORAGE.BACKUP_INVALID`); changes nothing. */
  verifyBackup(instance: InstanceRef, backup: Backup): Promise<void>;
  /** Replaces the database and content with `backup`'s (verified again while it is extracted). */
  restoreData(instance: InstanceRef, backup: Backup): Promise<void>;
  /**
   * Credentials rotation, alternating users (`domain/decideRotation.ts` orders them). The secret
   * holds the current credentials and, during a rotation, `pending` and `previous` ones (staging
   * labels AWSPENDING/AWSPREVIOUS on AWS). Each step is idempotent; `rotationId` (the operation id)
   * is the pending version's token. createSecret: a new password for the user the secret does not
   * name, stored as pending (kept if one is).
   */
  createPendingCredentials(instance: InstanceRef, rotationId: string): Promise<void>;
  /** setSecret: the pending password on the pending user (created with the tenant's grants if missing). */
  setPendingPassword(instance: InstanceRef, rotationId: string): Promise<void>;
  /** testSecret: logs in with the pending credentials and reads the tenant's schema (`STORAGE.CREDENTIALS_INVALID`). */
  testPendingCredentials(instance: InstanceRef, rotationId: string): Promise<void>;
  /** finishSecret: pending becomes current, current becomes previous. */
  promotePendingCredentials(instance: InstanceRef, rotationId: string): Promise<void>;
  /** Previous becomes current again and pending is dropped (nothing to do when neither exists). */
  restorePreviousCredentials(instance: InstanceRef, rotationId: string): Promise<void>;
  /** The user the current credentials do not name gets a password nobody knows; previous is dropped. */
  revokePreviousCredentials(instance: InstanceRef, rotationId: string): Promise<void>;
}
