/**
 * How long the mesh keeps what a replay needs, in one place: the bus archive keeps every event
 * ARCHIVE_RETENTION_DAYS, and every inbox (the ledger's, each service's journal) remembers an
 * event id INBOX_MEMORY_DAYS after the event occurred: longer than the archive, so an event a
 * replay can bring back is always still recognised. SQS keeps a message 14 days at most.
 */
export const ARCHIVE_RETENTION_DAYS = 30;
export const INBOX_MEMORY_DAYS = 35;

const DAY_MS = 24 * 60 * 60 * 1000;
export const INBOX_MEMORY_MS = INBOX_MEMORY_DAYS * DAY_MS;

/**
 * HLD 6.2: every tenant's database password is rotated this often (Secrets Manager's rotation
 * schedule on AWS, the local stack's rotation loop), counted from its last rotation.
 */
export const CREDENTIAL_ROTATION_DAYS = 30;
export const CREDENTIAL_ROTATION_MS = CREDENTIAL_ROTATION_DAYS * DAY_MS;
