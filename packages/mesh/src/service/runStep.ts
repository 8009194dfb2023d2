import { retryAfterSecondsOf } from "../consumer/retryAfter.ts";
import { describeFailure, type FailureDetails } from "./serviceError.ts";

/**
 * Receives a retryable error is retried on (the last one reports it): SQS's redrive count before
 * waits were told apart, and still the whole queue's for a consumer that never waits.
 */
export const RETRY_RECEIVES = 5;

export interface StepPolicy {
  /** The SQS ApproximateReceiveCount of the message being handled. */
  readonly receiveCount: number;
  /** The queue's maxReceiveCount: on the last receive a retryable error is reported, not retried. */
  readonly maxReceiveCount: number;
  readonly area: string;
  /**
   * Receives of this request that were waits (recorded by the executor). Given, a pending error
   * (one with `retryAfterSeconds`) is answered as a wait, and the other retryable errors have
   * RETRY_RECEIVES receives besides the waits; absent, every retryable error is rethrown alike.
   */
  readonly waits?: number;
}

export type StepOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly failure: FailureDetails;
      /** Not done yet: look again in `retryAfterSeconds` (the error says so and carries it). */
      readonly wait?: { readonly retryAfterSeconds: number; readonly error: unknown };
    };

/**
 * Run one idempotent side effect. A retryable error is rethrown so SQS redelivers, until the
 * step's retries or the queue's receives run out, when it becomes a `...Failed` event instead of
 * a silent trip to the DLQ. A pending error is a wait: the decider's deadline ends it.
 */
export async function runStep<T>(step: () => Promise<T>, policy: StepPolicy): Promise<StepOutcome<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    const failure = describeFailure(error, policy.area);
    if (!failure.retryable || policy.receiveCount >= policy.maxReceiveCount) return { ok: false, failure };
    const retryAfterSeconds = retryAfterSecondsOf(error);
    if (policy.waits === undefined) throw error;
    if (retryAfterSeconds !== undefined) return { ok: false, failure, wait: { retryAfterSeconds, error } };
    if (policy.receiveCount - policy.waits < RETRY_RECEIVES) throw error;
    return { ok: false, failure };
  }
}
