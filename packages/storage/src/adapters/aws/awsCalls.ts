import { isRetryableAwsError, isSecretPendingDeletion, retryWithBackoff } from "@bbws/mesh";
import { StorageError } from "../../domain/errors.ts";

/** Quotas look like throttling to a name match (`...LimitExceeded`) but never pass with time. */
const QUOTAS = new Set(["AccessPointLimitExceeded", "FileSystemLimitExceeded", "LimitExceededException"]);

export interface AwsCallOptions {
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  /** Injected in tests: backoff without waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export type AwsCall = <T>(doing: string, call: () => Promise<T>) => Promise<T>;

export function errorName(error: unknown): string {
  return (error as { name?: unknown } | null)?.name?.toString() ?? "";
}

/**
 * Runs one AWS call: retries throttling, 5xx and a secret name still being deleted with
 * backoff inside the adapter, then turns what is left into a `StorageError` with the SDK
 * error as `cause`; a retryable one goes back to SQS, the outer loop. Expected answers
 * (not found, already exists) are handled by the caller inside `call`, before they get here.
 */
export function createAwsCall(options: AwsCallOptions = {}): AwsCall {
  const retryable = (error: unknown) =>
    isSecretPendingDeletion(error) || (!QUOTAS.has(errorName(error)) && isRetryableAwsError(error));
  return async (doing, call) => {
    try {
      return await retryWithBackoff(call, {
        maxAttempts: options.maxAttempts ?? 4,
        baseDelayMs: options.baseDelayMs ?? 200,
        maxDelayMs: 5_000,
        isRetryable: retryable,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
    } catch (error) {
      if (error instanceof StorageError) throw error;
      const name = errorName(error) || "Error";
      const message = `${doing}: ${name}: ${error instanceof Error ? error.message : String(error)}`;
      if (QUOTAS.has(name))
        throw new StorageError("STORAGE.QUOTA_EXHAUSTED", message, { retryable: false, cause: error });
      // Right after a deprovision of the same tenant: the name frees itself within moments.
      if (isSecretPendingDeletion(error))
        throw new StorageError("STORAGE.SECRET_PENDING_DELETION", message, { retryable: true, cause: error });
      const transient = retryable(error);
      throw new StorageError(transient ? "STORAGE.CLOUD_UNAVAILABLE" : "STORAGE.CLOUD_FAILED", message, {
        retryable: transient,
        cause: error,
      });
    }
  };
}

/** `resourceTags` as the `[{ Key, Value }]` list most AWS APIs take. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
