import type { FailureDetails } from "@bbws/contracts";
import { ServiceError } from "@bbws/contracts";

export type { FailureDetails };

/** Unknown errors are treated as transient: a retry is the safe default for an idempotent step. */
export function describeFailure(error: unknown, area: string): FailureDetails {
  if (error instanceof ServiceError)
    return { code: error.code, reason: error.message, retryable: error.retryable };
  const message = error instanceof Error ? error.message : String(error);
  return { code: `${area.toUpperCase()}.UNEXPECTED`, reason: message || "unexpected error", retryable: true };
}
