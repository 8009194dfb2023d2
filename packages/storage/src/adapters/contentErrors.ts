import { StorageError } from "../domain/errors.ts";

/** File-system errors that pass with time or an operator's cleanup; EACCES or ENOTDIR do not. */
const TRANSIENT = new Set(["EAGAIN", "EBUSY", "EMFILE", "ENFILE", "ENOSPC", "EIO", "ETIMEDOUT"]);

export function toContentError(error: unknown, doing: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError("STORAGE.CONTENT_FAILED", `${doing}: ${detail}`, {
    retryable: typeof code === "string" && TRANSIENT.has(code),
    cause: error,
  });
}
