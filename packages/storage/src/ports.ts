import type { Archive, Backup, InstanceRef, InstanceSpec, StorageOutputs } from "@bbws/contracts";

/**
 * The tenant's data: content directory (EFS access point on AWS), MySQL
 * database and user, and the credentials secret. Every call is idempotent.
 */
export interface StorageProvider {
  ensureStorage(instance: InstanceRef, spec: InstanceSpec): Promise<StorageOutputs>;
  /** With `archive`, dumps and archives the data first and drops nothing if that fails. */
  releaseStorage(
    instance: InstanceRef,
    options: { archive: boolean },
  ): Promise<{ released: string[]; archive?: Archive }>;
  backup(instance: InstanceRef, backupId: string): Promise<Backup>;
  /**
   * Replaces the database and content with `backup`'s (verified first), after a safety backup of
   * the current data (`backupId` = operationId), which it returns. If the swap fails, the safety
   * backup is put back and `STORAGE.RESTORE_FAILED` says so.
   */
  restore(instance: InstanceRef, request: { operationId: string; backup: Backup }): Promise<Backup>;
}
