import { ServiceError } from "@bbws/contracts";

/**
 * The `STORAGE.*` codes, with whether trying again may help:
 * - `INVALID_TENANT` (no): a tenantId/instanceId/backupId outside the naming rule; nothing ran.
 * - `TENANT_IN_USE` (no): the tenant's storage belongs to another live instance.
 * - `UIDS_EXHAUSTED` (no): no free POSIX uid left in the configured range.
 * - `QUOTA_EXHAUSTED` (no): an AWS quota (e.g. 10,000 access points per file system).
 * - `DATABASE_UNAVAILABLE` (yes) / `DATABASE_FAILED` (no): the SQL server.
 * - `CLOUD_UNAVAILABLE` (yes) / `CLOUD_FAILED` (no): an AWS call, after in-adapter retries.
 * - `CONTENT_FAILED`: the content directory (retryable only for transient I/O errors).
 * - `SECRET_FAILED` (no): the stored credentials cannot be read.
 * - `SECRET_PENDING_DELETION` (yes): the secret's name is still being deleted (a re-provision
 *   right after a deprovision); SQS redelivers once the adapter's backoff is spent.
 * - `ARCHIVE_FAILED` (yes): the archive could not be written or verified; nothing was dropped.
 * - `NOT_PROVISIONED` (no): a backup or restore of storage this instance does not hold.
 * - `BACKUP_INVALID` (no): the backup to restore is missing, corrupt or not this instance's; nothing changed.
 * - `RESTORE_FAILED` (no): the swap failed and the pre-restore data is back.
 * - `RESTORE_INCOMPLETE` (no): the swap failed and so did putting the safety backup back: the data
 *   may be half-restored; the message says where the safety backup is. Not to be served.
 * - `CREDENTIALS_INVALID` (no): the new credentials of a rotation did not log in; the old ones are back.
 * - `ROTATION_INCOMPLETE` (no): a rotation step failed and so did putting the old credentials back:
 *   both users may work, the secret may hold either; run the rotation again once the cause is fixed.
 */
export const STORAGE_ERROR_CODES = [
  "STORAGE.INVALID_TENANT",
  "STORAGE.TENANT_IN_USE",
  "STORAGE.UIDS_EXHAUSTED",
  "STORAGE.QUOTA_EXHAUSTED",
  "STORAGE.DATABASE_UNAVAILABLE",
  "STORAGE.DATABASE_FAILED",
  "STORAGE.CLOUD_UNAVAILABLE",
  "STORAGE.CLOUD_FAILED",
  "STORAGE.CONTENT_FAILED",
  "STORAGE.SECRET_FAILED",
  "STORAGE.SECRET_PENDING_DELETION",
  "STORAGE.ARCHIVE_FAILED",
  "STORAGE.NOT_PROVISIONED",
  "STORAGE.BACKUP_INVALID",
  "STORAGE.RESTORE_FAILED",
  "STORAGE.RESTORE_INCOMPLETE",
  "STORAGE.CREDENTIALS_INVALID",
  "STORAGE.ROTATION_INCOMPLETE",
] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];

/** Errors of the storage service; codes are `STORAGE.*`. */
export class StorageError extends ServiceError {
  declare readonly code: StorageErrorCode;
  constructor(code: StorageErrorCode, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, options);
  }
}
