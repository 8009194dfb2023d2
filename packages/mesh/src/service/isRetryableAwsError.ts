import { isResourceQuotaError } from "../aws/awsSdkRetrySettings.ts";

/**
 * AWS SDK v3 errors worth trying again: throttling, server faults, timeouts. The SDK has
 * already retried these within its budget; the mappers use this to mark the error they
 * throw `retryable`, so that the message goes back to SQS. Not a resource quota
 * (`isResourceQuotaError`, the one list of them): waiting does not lift it.
 */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  if (isResourceQuotaError(error)) return false;
  const candidate = error as {
    name?: string;
    $fault?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (candidate.$retryable) return true;
  if (candidate.$fault === "server") return true;
  const status = candidate.$metadata?.httpStatusCode ?? 0;
  if (status === 429 || status >= 500) return true;
  return /Throttl|TooManyRequests|RequestLimitExceeded|ProvisionedThroughputExceeded|Timeout|ServiceUnavailable|InternalError/.test(
    candidate.name ?? "",
  );
}
