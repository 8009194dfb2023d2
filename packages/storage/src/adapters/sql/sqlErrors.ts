import { StorageError } from "../../domain/errors.ts";

/** Connection loss, overload and lock contention pass with time; syntax and privilege errors do not. */
const TRANSIENT = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ER_CON_COUNT_ERROR",
  "ER_TOO_MANY_USER_CONNECTIONS",
  "ER_LOCK_DEADLOCK",
  "ER_LOCK_WAIT_TIMEOUT",
  "ER_SERVER_SHUTDOWN",
  "ER_QUERY_INTERRUPTED",
]);

export function toDatabaseError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const transient = typeof code === "string" && TRANSIENT.has(code);
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError(
    transient ? "STORAGE.DATABASE_UNAVAILABLE" : "STORAGE.DATABASE_FAILED",
    `${doing}: ${detail}`,
    { retryable: transient, cause: error },
  );
}
