import type { DataOf, DomainEvent, OperationKind } from "@bbws/contracts";
import type { ComputeEffect } from "./computeEffect.ts";
import { type ComputeState, outputsOf, type StepFailure, sameRevision, withSpec } from "./computeState.ts";
import { type ComputeVerdict, ignore, stepKey } from "./computeVerdict.ts";
import { decideProvision, decideRelease } from "./decideProvision.ts";

export {
  CLOSED_REASON,
  type ComputeAnswer,
  type ComputeFact,
  type ComputeVerdict,
  stepKey,
} from "./computeVerdict.ts";

type NextStep = (state: ComputeState, step: string) => ComputeEffect;

/** What compute does next about `request`, given what it knows of the instance. Pure. */
export function decideCompute(state: ComputeState, request: DomainEvent): ComputeVerdict {
  switch (request["detail-type"]) {
    case "ComputeRequested":
      return state.closed ? ignore() : decideProvision(state, request as DomainEvent<"ComputeRequested">);
    case "ReleaseRequested": {
      const { service, operationId, reason } = (request as DomainEvent<"ReleaseRequested">).detail.data;
      if (service !== "compute") return { kind: "notMine" };
      return decideRelease(state, stepKey(request, operationId), { operationId, reason });
    }
    case "SuspendRequested": {
      const { operationId, operation } = (request as DomainEvent<"SuspendRequested">).detail.data;
      return lifecycle(state, request, operationId, operation ?? "suspend", (known, step) =>
        countStep(known, step, 0),
      );
    }
    case "ResumeRequested": {
      const { operationId, operation } = (request as DomainEvent<"ResumeRequested">).detail.data;
      return lifecycle(state, request, operationId, operation ?? "resume", (known, step) =>
        countStep(known, step, known.desiredCount ?? 1),
      );
    }
    case "ScaleRequested": {
      const { operationId, desiredCount, size } = (request as DomainEvent<"ScaleRequested">).detail.data;
      return lifecycle(state, request, operationId, "scale", (known, step) =>
        size === undefined
          ? countStep(known, step, desiredCount)
          : rolloutStep(known, step, { size, desiredCount }, desiredCount),
      );
    }
    case "ImageUpdateRequested": {
      const { operationId, wordpress } = (request as DomainEvent<"ImageUpdateRequested">).detail.data;
      return lifecycle(state, request, operationId, "updateImage", (known, step) =>
        rolloutStep(known, step, { wordpress }, known.desiredCount ?? 1),
      );
    }
    case "RestartRequested": {
      const { operationId, operation } = (request as DomainEvent<"RestartRequested">).detail.data;
      return lifecycle(state, request, operationId, operation ?? "restart", (known, step) =>
        operation === "rotateCredentials" ? rotationRestartStep(known, step) : restartStep(known, step),
      );
    }
    default:
      return { kind: "notMine" };
  }
}

function restartStep(state: ComputeState, step: string): Extract<ComputeEffect, { kind: "restartService" }> {
  return { kind: "restartService", step, desiredCount: state.desiredCount ?? 1, ...secretOf(state) };
}

/** A rotation's restart answers once the old tasks are gone: storage revokes their password next. */
function rotationRestartStep(state: ComputeState, step: string): ComputeEffect {
  const restarted = state.progress[step]?.ran.includes("restartService");
  if (restarted && state.revisionRef) return { kind: "awaitRollout", step, revisionRef: state.revisionRef };
  return { ...restartStep(state, step), thenAwaitRollout: true };
}

function secretOf(state: ComputeState): { credentialsSecretRef?: string } {
  const ref = state.request?.storage.credentialsSecretRef;
  return ref ? { credentialsSecretRef: ref } : {};
}

/** Only the count: 0 suspends (the count is kept for resume), more resumes or scales. */
function countStep(state: ComputeState, step: string, desiredCount: number): ComputeEffect {
  const currentCount = state.suspended ? 0 : (state.desiredCount ?? 0);
  return { kind: "setDesiredCount", step, desiredCount, currentCount };
}

/**
 * A change of the revision (size, image): register one made from the changed request unless
 * the registered one already is, hand it to the service, wait for the rollout. A revision the
 * service already runs needs only its count.
 */
function rolloutStep(
  state: ComputeState,
  step: string,
  change: Partial<NonNullable<ComputeState["request"]>["spec"]>,
  desiredCount: number,
): ComputeEffect {
  const { request, revisionRef } = state;
  if (!request || !revisionRef) throw new Error("a rollout needs a provisioned instance");
  if (state.progress[step]?.ran.includes("deployRevision"))
    return { kind: "awaitRollout", step, revisionRef };
  const wanted = withSpec(request, { ...change, desiredCount });
  // An instance provisioned before tenants had their own role gets one before its next revision.
  if (!state.taskRoleRef) return { kind: "createTaskRole", step, request: wanted };
  if (!sameRevision(wanted, request)) return { kind: "registerRevision", step, request: wanted };
  if (state.deployedRef !== revisionRef) return { kind: "deployRevision", step, revisionRef, desiredCount };
  return countStep(state, step, desiredCount);
}

function lifecycle(
  state: ComputeState,
  request: DomainEvent,
  operationId: string,
  operation: OperationKind,
  next: NextStep,
): ComputeVerdict {
  if (state.closed) return ignore();
  const step = stepKey(request, operationId);
  const answers = request["detail-type"] as DataOf<"OperationStepCompleted">["answers"];
  const base = { operationId, operation, service: "compute" as const, ...(answers ? { answers } : {}) };
  const failed = (failure: StepFailure): ComputeVerdict => ({
    kind: "decide",
    emit: [{ type: "OperationStepFailed", data: { ...base, ...failure } }],
  });
  const progress = state.progress[step];
  if (progress?.outputs)
    return {
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...base, compute: progress.outputs } }],
    };
  if (progress?.failure) return failed(progress.failure);
  if (!outputsOf(state))
    return failed({
      code: "COMPUTE.NOT_PROVISIONED",
      reason: "compute has not provisioned this instance: there is nothing to act on",
      retryable: false,
    });
  return { kind: "decide", run: next(state, step) };
}
