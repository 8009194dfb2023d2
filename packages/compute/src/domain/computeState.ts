import type { ComputeOutputs, FailureDetails } from "@bbws/contracts";
import type { ComputeEffectKind, ComputeRequest } from "./computeEffect.ts";

/** Why a step did not succeed, as the executor reports it (code `COMPUTE.*`, retryable or not). */
export type StepFailure = FailureDetails;

export interface Health {
  readonly url: string;
  readonly httpStatus: number;
}

/** What has been done for one operation's request (`{detail-type}:{operationId}`). */
export interface Progress {
  /** The effects that succeeded for this request, in order. */
  readonly ran: readonly ComputeEffectKind[];
  readonly failure?: StepFailure;
  readonly health?: Health;
  /** A release: whether the names are this instance's, and what it removed so far. */
  readonly owned?: boolean;
  readonly released?: readonly string[];
  /** A lifecycle request answered: the outputs it reported. */
  readonly outputs?: ComputeOutputs;
  /** The step not done yet (an install running, health pending) and when it was first seen so. */
  readonly waiting?: { readonly effect: ComputeEffectKind; readonly since: string };
}

/** The one-off WordPress install: its attempt (the idempotency token), its task once started. */
export interface Install {
  readonly attempt: number;
  readonly taskRef?: string;
  readonly installed?: true;
}

/**
 * What compute knows of one instance, kept in its journal (the adapters keep only what exists):
 * the request in force (the spec the registered revision was made from), the one before it (a
 * rolled-back deployment returns to it), the revision registered and the one handed to the
 * service, the install, the service, the count it runs or resumes with, and what each recent
 * operation's request has been answered with so far.
 */
export interface ComputeState {
  readonly request?: ComputeRequest;
  /** The tenant's own task role, made before anything else (its quota is checked first). */
  readonly taskRoleRef?: string;
  /** The revision this request made. Always made from `request`. */
  readonly revisionRef?: string;
  /** Before the last new revision: restored when the circuit breaker rolls that revision back. */
  readonly previous?: { readonly request: ComputeRequest; readonly revisionRef: string };
  /** The revision last handed to the service; undefined when unknown (a deployment that failed). */
  readonly deployedRef?: string;
  readonly logsPrepared?: true;
  readonly install?: Install;
  readonly serviceRef?: string;
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

/** The service's references, as every answer carries them; undefined until the service exists. */
export function outputsOf(state: ComputeState): ComputeOutputs | undefined {
  const { serviceRef, revisionRef, desiredCount } = state;
  if (!serviceRef || !revisionRef || desiredCount === undefined) return undefined;
  return { serviceRef, taskDefinitionRef: state.deployedRef ?? revisionRef, desiredCount };
}

/** The request with a changed spec (scale, image update). */
export function withSpec(request: ComputeRequest, change: Partial<ComputeRequest["spec"]>): ComputeRequest {
  return { ...request, spec: { ...request.spec, ...change } };
}

/** Would both requests make the same revision? The count and the operation do not shape one. */
export function sameRevision(a: ComputeRequest, b: ComputeRequest): boolean {
  const shape = (request: ComputeRequest) =>
    canonical({ ...request, operationId: "", spec: { ...request.spec, desiredCount: 0 } });
  return shape(a) === shape(b);
}

/** JSON with sorted keys: the journal's round trip may reorder them. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(",")}}`;
  return JSON.stringify(value);
}
