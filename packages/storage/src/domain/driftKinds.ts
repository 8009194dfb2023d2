/** Storage's resources as the drift part names them (`service:kind`), one place for all checks. */
export const DRIFT_KIND = {
  database: "storage:database",
  databaseUser: "storage:database-user",
  accessPoint: "storage:access-point",
  secret: "storage:secret",
} as const;

/** The four kinds the storage drift function checks, in the order it answers them. */
export const STORAGE_DRIFT_KINDS = [
  DRIFT_KIND.database,
  DRIFT_KIND.databaseUser,
  DRIFT_KIND.accessPoint,
  DRIFT_KIND.secret,
] as const;
