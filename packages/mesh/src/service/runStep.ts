import { describeFailure, type FailureDetails } from "./serviceError.ts";

export interface StepPolicy {
  /** The SQS ApproximateReceiveCount of the message being handled. */
  readonly receiveCount: number;
  /** The queue's maxReceiveCount: on the last receive a retryable error is reported, not retried. */
  readonly maxReceiveCount: number;
  readonly area: string;
}

export type StepOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: FailureDetails };

/**
 * Run one idempotent side effect. A retryable error is rethrown so SQS
 * redelivers with backoff, until the last allowed receive, when it becomes a
 * `...Failed` event instead of a silent trip to the DLQ.
 */
export async function runStep<T>(step: () => Promise<T>, policy: StepPolicy): Promise<StepOutcome<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    const failure = describeFailure(error, policy.area);
    if (failure.retryable && policy.receiveCount < policy.maxReceiveCount) throw error;
    return { ok: false, failure };
  }
}
