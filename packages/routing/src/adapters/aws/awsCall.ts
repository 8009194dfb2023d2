import { isRetryableAwsError, retryWithBackoff } from "@bbws/mesh";
import { RoutingError, type RoutingErrorCode } from "../../domain/errors.ts";

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs?: number;
  /** Injected in tests: no real waiting. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 };

/** Retries throttling and 5xx inside the adapter; the SQS redelivery is the next, slower layer. */
export function withRetry<T>(call: () => Promise<T>, retry: RetryPolicy, alsoRetry?: RegExp): Promise<T> {
  const isRetryable = (error: unknown) =>
    isRetryableAwsError(error) || (alsoRetry?.test(errorName(error)) ?? false);
  return retryWithBackoff(call, { ...retry, isRetryable });
}

export function errorName(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
}

/** An SDK error the caller did not expect, as a RoutingError that says whether to retry. */
export function unexpectedAwsError(
  error: unknown,
  codes: { retryable: RoutingErrorCode; rejected: RoutingErrorCode },
  action: string,
): RoutingError {
  if (error instanceof RoutingError) return error;
  const retryable = isRetryableAwsError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new RoutingError(
    retryable ? codes.retryable : codes.rejected,
    `${action} failed: ${errorName(error) || "Error"}: ${message}`,
    { retryable, cause: error },
  );
}
