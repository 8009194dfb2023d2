import { PENDING_WAITS } from "@bbws/contracts";
import type { ComputeEffectKind } from "./computeEffect.ts";
import type { ComputeState, StepFailure } from "./computeState.ts";
import type { ComputePendingFact } from "./computeVerdict.ts";
import { evolveCompute, withProgress } from "./evolveCompute.ts";

/** How long each step may stay pending, from its first look, and the code it fails with after. */
export const WAIT_DEADLINES: Partial<Record<ComputeEffectKind, { seconds: number; code: string }>> = {
  awaitInstall: { seconds: PENDING_WAITS.installTask.deadlineSeconds, code: "COMPUTE.INSTALL_TIMED_OUT" },
  checkHealth: { seconds: PENDING_WAITS.serviceHealth.deadlineSeconds, code: "COMPUTE.HEALTH_CHECK_FAILED" },
  awaitRollout: { seconds: PENDING_WAITS.rollout.deadlineSeconds, code: "COMPUTE.ROLLOUT_TIMED_OUT" },
};

/**
 * A look at a step that is not done yet. The wait starts at its first look (`fact.at`, the
 * executor's clock: pure); once it lasted the step's deadline, the step fails, and the decider
 * answers as for any failure (ComputeFailed, InstanceUnhealthy once the service exists,
 * OperationStepFailed for a lifecycle step), and folds it as any failure (evolveCompute: a rollout
 * that timed out leaves the running revision unknown, so the next change hands it over again).
 * A step without a deadline waits until the queue's receives run out (runStep's last receive).
 */
export function waitCompute(state: ComputeState, fact: ComputePendingFact): ComputeState {
  const { effect, at } = fact;
  const current = state.progress[effect.step] ?? { ran: [] };
  const waiting =
    current.waiting?.effect === effect.kind ? current.waiting : { effect: effect.kind, since: at };
  const deadline = WAIT_DEADLINES[effect.kind];
  const waitedSeconds = (Date.parse(at) - Date.parse(waiting.since)) / 1000;
  const stillWaiting = withProgress(state, effect.step, { ...current, waiting });
  if (!deadline || waitedSeconds < deadline.seconds) return stillWaiting;
  const failure: StepFailure = {
    code: deadline.code,
    reason: `still not done after ${Math.round(waitedSeconds)} s (deadline ${deadline.seconds} s): ${fact.failure.reason}`,
    retryable: false,
  };
  return evolveCompute(stillWaiting, { kind: "failed", effect, failure, request: fact.request });
}
