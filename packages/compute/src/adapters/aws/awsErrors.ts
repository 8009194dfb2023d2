import { isRetryableAwsError } from "@bbws/mesh";
import { ComputeError } from "../../domain/errors.ts";

/** By name, not instanceof: a second copy of an SDK in node_modules would defeat instanceof. */
export function errorName(error: unknown): string {
  return typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * ECS sometimes throttles with a ClientException "Rate exceeded" rather than a ThrottlingException.
 * The SDK does not retry that one; mapped to a retryable COMPUTE.THROTTLED, the SQS redelivery does.
 */
function isThrottling(error: unknown): boolean {
  return /Throttl|TooManyRequests|RequestLimitExceeded|Rate exceeded/i.test(
    `${errorName(error)} ${errorMessage(error)}`,
  );
}

export function isRetryableComputeError(error: unknown): boolean {
  if (error instanceof ComputeError) return false;
  if (isThrottling(error)) return true;
  // Not a quota (ECS's and Logs' LimitExceededException): isRetryableAwsError knows them.
  return isRetryableAwsError(error);
}

const NON_RETRYABLE: Readonly<Record<string, string>> = {
  ClusterNotFoundException: "COMPUTE.CLUSTER_NOT_FOUND",
  ServiceNotFoundException: "COMPUTE.SERVICE_NOT_FOUND",
  ServiceNotActiveException: "COMPUTE.SERVICE_NOT_FOUND",
  TargetGroupNotFoundException: "COMPUTE.TARGET_GROUP_NOT_FOUND",
  AccessDeniedException: "COMPUTE.ACCESS_DENIED",
  AccessDenied: "COMPUTE.ACCESS_DENIED",
  PlatformUnknownException: "COMPUTE.PLATFORM_UNSUPPORTED",
  PlatformTaskDefinitionIncompatibilityException: "COMPUTE.PLATFORM_UNSUPPORTED",
  UnsupportedFeatureException: "COMPUTE.PLATFORM_UNSUPPORTED",
  LimitExceededException: "COMPUTE.QUOTA_EXCEEDED",
  InvalidParameterException: "COMPUTE.INVALID_REQUEST",
  ClientException: "COMPUTE.INVALID_REQUEST",
  ValidationError: "COMPUTE.INVALID_REQUEST",
};

/**
 * Translates an SDK error into a ComputeError the use case can report. No retry in the adapter:
 * the SDK client carries the retry budget (awsSdkRetrySettings() from @bbws/mesh) and a
 * retryable ComputeError sends the message back to SQS, the outer loop.
 */
export function toComputeError(action: string, error: unknown): ComputeError {
  if (error instanceof ComputeError) return error;
  const name = errorName(error) || "Error";
  const reason = `${action} failed: ${name}: ${errorMessage(error)}`;
  if (isThrottling(error))
    return new ComputeError("COMPUTE.THROTTLED", reason, { retryable: true, cause: error });
  const known = NON_RETRYABLE[name];
  if (known) return new ComputeError(known, reason, { retryable: false, cause: error });
  if (isRetryableComputeError(error))
    return new ComputeError("COMPUTE.AWS_UNAVAILABLE", reason, { retryable: true, cause: error });
  const clientFault = (error as { $fault?: string } | null)?.$fault === "client";
  return new ComputeError(clientFault ? "COMPUTE.REQUEST_REJECTED" : "COMPUTE.UNEXPECTED", reason, {
    retryable: !clientFault,
    cause: error,
  });
}

/** Runs one port method and turns whatever escapes into a ComputeError. */
export async function guarded<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toComputeError(action, error);
  }
}
