import { isRetryableAwsError } from "@bbws/mesh";
import { RoutingError, type RoutingErrorCode } from "../../domain/errors.ts";

/*
 * No retry loop here: the SDK clients carry the one retry budget (awsSdkRetrySettings() from
 * @bbws/mesh) and a retryable RoutingError sends the message back to SQS, the outer loop.
 */

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
