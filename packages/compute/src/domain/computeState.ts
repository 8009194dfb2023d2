import type { ComputeOutputs } from "@bbws/contracts";

/** Why a step did not succeed, as the executor reports it (code `COMPUTE.*`, retryable or not). */
export interface StepFailure {
  readonly code: string;
  readonly reason: string;
  readonly retryable: boolean;
}

/** How one effect ended: its value, or its failure. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly failure: StepFailure };

export interface Health {
  readonly url: string;
  readonly httpStatus: number;
}

/** What has been done for one operation's request (`{detail-type}:{operationId}`). */
export interface Progress {
  readonly ensure?: Outcome<ComputeOutputs>;
  readonly health?: Outcome<Health>;
  readonly release?: Outcome<readonly string[]>;
  /** The one step of a lifecycle request (suspend, resume, scale, updateImage, restart). */
  readonly step?: Outcome<ComputeOutputs>;
}

/**
 * What compute knows of one instance, kept in its journal (not in the adapters' records):
 * whether it exists (its outputs), the count it runs with or resumes with, whether it is
 * suspended, whether it was released (closed: later requests have no effect), and what each
 * recent operation's request has been answered with so far.
 */
export interface ComputeState {
  /** The service as ensure last reported it: set once provisioned, the references every answer carries. */
  readonly outputs?: ComputeOutputs;
  /** While running, the count it runs with; while suspended, the count resume restores (1-10). */
  readonly desiredCount?: number;
  readonly suspended: boolean;
  /** Released: compute has nothing left for this instance and will not act on it again. */
  readonly closed: boolean;
  readonly progress: Readonly<Record<string, Progress>>;
}

export const initialComputeState: ComputeState = { suspended: false, closed: false, progress: {} };

/** Progress is kept for the last few operations only: older requests are done and in the inbox. */
export const PROGRESS_KEPT = 8;
