import type { DataOf } from "@bbws/contracts";
import type {
  FailureDetails,
  RotationEffect,
  RotationPhase,
  RotationProgress,
  RotationStep,
  StorageAnswer,
  StorageState,
  StorageVerdict,
} from "./storageState.ts";

/**
 * The steps of each phase of a credentials rotation (HLD 6.2, alternating users):
 * - switch: a new password for the user the secret does not name (createSecret), set on that user
 *   (setSecret), proven by logging in (testSecret), then made the secret's current value with the
 *   old one kept as previous (finishSecret). The old user still works: compute restarts next.
 * - revoke: compute serves on the new credentials; the previous user's password is replaced by one
 *   nobody knows.
 * - rollBack (compute could not restart): the previous credentials go back, the new password is revoked.
 */
const PLANS: Readonly<Record<RotationPhase, readonly RotationStep[]>> = {
  switch: [
    "createPendingCredentials",
    "setPendingPassword",
    "testPendingCredentials",
    "promotePendingCredentials",
  ],
  revoke: ["revokePreviousCredentials"],
  rollBack: ["restorePreviousCredentials", "revokePreviousCredentials"],
};

/**
 * What puts the old credentials back once a switch step failed. Only the switch changes which
 * credentials serve; a failed revoke or rollBack is reported as it is.
 */
const SWITCH_UNDO: readonly RotationStep[] = ["restorePreviousCredentials", "revokePreviousCredentials"];

export function rotationKey(operationId: string, phase: RotationPhase): string {
  return `${operationId}:${phase}`;
}

export function rotationOf(state: StorageState, key: string): RotationProgress {
  return state.rotations?.[key] ?? { done: [] };
}

/** The next step of the phase, its compensation once a step failed, or the answer once nothing is left. */
export function decideRotation(
  state: StorageState,
  data: DataOf<"CredentialsRotationRequested">,
): StorageVerdict {
  const { operationId, phase } = data;
  const progress = rotationOf(state, rotationKey(operationId, phase));
  if (progress.undoFailure) return answer(operationId, incomplete(progress, progress.undoFailure));
  const failure = progress.failure;
  // A first step that failed changed nothing: there is nothing to put back.
  const undo = phase === "switch" && progress.done.length > 0 ? SWITCH_UNDO : [];
  const [plan, done] = failure ? [undo, progress.undone ?? []] : [PLANS[phase], progress.done];
  const next = plan.find((step) => !done.includes(step));
  const rotationId = data.rotationId ?? operationId;
  if (next) return { kind: "decide", run: { kind: next, operationId, phase, rotationId } };
  return answer(operationId, failure && putBack(undo, failure));
}

function putBack(undo: readonly RotationStep[], failure: FailureDetails): FailureDetails {
  if (undo.length === 0) return failure;
  return { ...failure, reason: `${failure.reason}; the old credentials are in use again` };
}

function incomplete(progress: RotationProgress, undoFailure: FailureDetails): FailureDetails {
  const first = progress.failure?.reason ?? "a rotation step failed";
  return {
    code: "STORAGE.ROTATION_INCOMPLETE",
    reason:
      `${first}, and putting the old credentials back failed too (${undoFailure.reason}): ` +
      "both database users may work; run the rotation again once the cause is fixed",
    retryable: false,
  };
}

function answer(operationId: string, failure: FailureDetails | undefined): StorageVerdict {
  const step = {
    operationId,
    operation: "rotateCredentials",
    service: "storage",
    answers: "CredentialsRotationRequested",
  } as const;
  const emitted: StorageAnswer = failure
    ? { type: "OperationStepFailed", data: { ...step, ...failure } }
    : { type: "OperationStepCompleted", data: step };
  return { kind: "decide", emit: [emitted] };
}

/** Folds a rotation step's outcome: a step done, or the failure that starts (or ends) the compensation. */
export function evolveRotation(
  state: StorageState,
  effect: RotationEffect,
  failure?: FailureDetails,
): StorageState {
  const key = rotationKey(effect.operationId, effect.phase);
  const progress = rotationOf(state, key);
  const next: RotationProgress = progress.failure
    ? failure
      ? { ...progress, undoFailure: failure }
      : { ...progress, undone: [...(progress.undone ?? []), effect.kind] }
    : failure
      ? { ...progress, failure }
      : { ...progress, done: [...progress.done, effect.kind] };
  return { ...state, rotations: { ...state.rotations, [key]: next } };
}
