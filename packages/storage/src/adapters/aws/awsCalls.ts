import { isRetryableAwsError, isSecretPendingDeletion } from "@bbws/mesh";
import { StorageError } from "../../domain/errors.ts";

/** Quotas look like throttling to a name match (`...LimitExceeded`) but never pass with time. */
const QUOTAS = new Set(["AccessPointLimitExceeded", "FileSystemLimitExceeded", "LimitExceededException"]);

export type AwsCall = <T>(doing: string, call: () => Promise<T>) => Promise<T>;

export function errorName(error: unknown): string {
  return (error as { name?: unknown } | null)?.name?.toString() ?? "";
}

/**
 * Runs one AWS call and turns its error into a `StorageError` with the SDK error as `cause`;
 * a retryable one goes back to SQS, the outer loop. No retry here: the SDK client carries the
 * retry budget (awsSdkRetrySettings() from @bbws/mesh). Expected answers (not found, already
 * exists) are handled by the caller inside `call`, before they get here.
 */
export function createAwsCall(): AwsCall {
  return async (doing, call) => {
    try {
      return await call();
    } catch (error) {
      throw toStorageError(doing, error);
    }
  };
}

/** The SDK error as a StorageError; throttling, 5xx and a secret name still being deleted are retryable. */
export function toStorageError(doing: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const name = errorName(error) || "Error";
  const message = `${doing}: ${name}: ${error instanceof Error ? error.message : String(error)}`;
  if (QUOTAS.has(name))
    return new StorageError("STORAGE.QUOTA_EXHAUSTED", message, { retryable: false, cause: error });
  // Right after a deprovision of the same tenant: the name frees itself within moments. The SDK
  // does not retry this (a 400); it is retryable so that the SQS redelivery tries again.
  if (isSecretPendingDeletion(error))
    return new StorageError("STORAGE.SECRET_PENDING_DELETION", message, { retryable: true, cause: error });
  const transient = isRetryableAwsError(error);
  return new StorageError(transient ? "STORAGE.CLOUD_UNAVAILABLE" : "STORAGE.CLOUD_FAILED", message, {
    retryable: transient,
    cause: error,
  });
}

/** `resourceTags` as the `[{ Key, Value }]` list most AWS APIs take. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
