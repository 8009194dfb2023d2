import type { SQSRecord } from "aws-lambda";

/** SQS takes a visibility timeout of 0 to 43,200 s (12 h), counted from the ChangeMessageVisibility call. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * A retryable error may say how soon to look again (`retryAfterSeconds`): a step that is not done
 * yet (an install task running, a service not healthy yet) or a request waiting its turn. The
 * consumer hides the record that long, instead of leaving it to the queue's visibility timeout
 * (6× the function's timeout), and the executor counts the receive as a wait, not a retry.
 * Undefined for any other error.
 */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { retryable, retryAfterSeconds } = error as { retryable?: unknown; retryAfterSeconds?: unknown };
  if (retryable !== true || typeof retryAfterSeconds !== "number" || !Number.isFinite(retryAfterSeconds))
    return undefined;
  return Math.min(Math.max(Math.ceil(retryAfterSeconds), 1), MAX_VISIBILITY_SECONDS);
}

/**
 * Hides a failed record for `seconds` from now: SQS ChangeMessageVisibility on its receipt handle
 * on AWS (createSqsRecordVisibility), the local queue locally. Throws when it could not; the
 * record then comes back after the queue's visibility timeout, as any failed record does.
 */
export interface RecordVisibility {
  hide(record: SQSRecord, seconds: number): Promise<void>;
}
