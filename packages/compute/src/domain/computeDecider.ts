import type { DataOf, DomainEvent, OperationKind } from "@bbws/contracts";
import type { ComputeEffect, LifecycleEffect } from "./computeEffect.ts";
import type { ComputeState, StepFailure } from "./computeState.ts";

type AnswerName =
  | "ComputeReady"
  | "ComputeFailed"
  | "InstanceHealthy"
  | "InstanceUnhealthy"
  | "ComputeReleased"
  | "OperationStepCompleted"
  | "OperationStepFailed";
/** An event compute sends in answer to a request (the executor publishes each type once per request). */
export type ComputeAnswer = { [N in AnswerName]: { readonly type: N; readonly data: DataOf<N> } }[AnswerName];

/** The executor's verdict shape (mesh ServiceDecider), restated here: the domain imports no mesh. */
export type ComputeVerdict =
  | { readonly kind: "notMine" }
  | { readonly kind: "ignore"; readonly reason: string }
  | { readonly kind: "decide"; readonly emit?: readonly ComputeAnswer[]; readonly run?: ComputeEffect };

/** What the executor learnt from running an effect (mesh StepFact). */
export type ComputeFact =
  | {
      readonly kind: "succeeded";
      readonly effect: ComputeEffect;
      readonly value: unknown;
      readonly request: string;
    }
  | {
      readonly kind: "failed";
      readonly effect: ComputeEffect;
      readonly failure: StepFailure;
      readonly request: string;
    };

export const CLOSED_REASON = "compute released this instance: a later request has no effect";

/** The operation's request an effect or answer belongs to: a restore's suspend and resume share an operationId. */
export const stepKey = (request: DomainEvent, operationId: string) =>
  `${request["detail-type"]}:${operationId}`;

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
      return lifecycle(state, request, operationId, operation ?? "suspend", (step) => ({
        kind: "suspend",
        step,
      }));
    }
    case "ResumeRequested": {
      const { operationId, operation } = (request as DomainEvent<"ResumeRequested">).detail.data;
      return lifecycle(state, request, operationId, operation ?? "resume", (step, known) => ({
        kind: "resume",
        step,
        desiredCount: known,
      }));
    }
    case "ScaleRequested": {
      const { operationId, desiredCount, size } = (request as DomainEvent<"ScaleRequested">).detail.data;
      return lifecycle(state, request, operationId, "scale", (step) => ({
        kind: "scale",
        step,
        desiredCount,
        ...(size ? { size } : {}),
      }));
    }
    case "ImageUpdateRequested": {
      const { operationId, wordpress } = (request as DomainEvent<"ImageUpdateRequested">).detail.data;
      return lifecycle(state, request, operationId, "updateImage", (step) => ({
        kind: "updateImage",
        step,
        wordpress,
      }));
    }
    case "RestartRequested": {
      const { operationId } = (request as DomainEvent<"RestartRequested">).detail.data;
      return lifecycle(state, request, operationId, "restart", (step) => ({ kind: "restart", step }));
    }
    default:
      return { kind: "notMine" };
  }
}

const ignore = (): ComputeVerdict => ({ kind: "ignore", reason: CLOSED_REASON });

/** Ensure, announce ComputeReady, then wait for health: InstanceHealthy or InstanceUnhealthy. */
function decideProvision(state: ComputeState, request: DomainEvent<"ComputeRequested">): ComputeVerdict {
  const { operationId } = request.detail.data;
  const step = stepKey(request, operationId);
  const { ensure, health } = state.progress[step] ?? {};
  if (!ensure) return { kind: "decide", run: { kind: "ensure", step, request: request.detail.data } };
  if (!ensure.ok)
    return { kind: "decide", emit: [{ type: "ComputeFailed", data: { operationId, ...ensure.failure } }] };
  // Announced before health is known: the ledger moves on to wait for InstanceHealthy.
  const ready: ComputeAnswer = { type: "ComputeReady", data: { operationId, outputs: ensure.value } };
  if (!health) return { kind: "decide", emit: [ready], run: { kind: "checkHealth", step } };
  const answer: ComputeAnswer = health.ok
    ? { type: "InstanceHealthy", data: { operationId, ...health.value } }
    : { type: "InstanceUnhealthy", data: { operationId, ...health.failure, retryable: false } };
  return { kind: "decide", emit: [ready, answer] };
}

/** A release runs even for an instance compute never saw (a rollback may precede ComputeRequested). */
function decideRelease(
  state: ComputeState,
  step: string,
  data: Pick<DataOf<"ReleaseRequested">, "operationId" | "reason">,
): ComputeVerdict {
  const { operationId, reason } = data;
  const released = state.progress[step]?.release;
  if (released?.ok)
    return {
      kind: "decide",
      emit: [{ type: "ComputeReleased", data: { operationId, reason, released: [...released.value] } }],
    };
  if (released)
    return { kind: "decide", emit: [{ type: "ComputeFailed", data: { operationId, ...released.failure } }] };
  // Released earlier by another operation (a deprovision after a rollback): nothing is left to remove.
  if (state.closed)
    return {
      kind: "decide",
      emit: [{ type: "ComputeReleased", data: { operationId, reason, released: [] } }],
    };
  return { kind: "decide", run: { kind: "release", step } };
}

function lifecycle(
  state: ComputeState,
  request: DomainEvent,
  operationId: string,
  operation: OperationKind,
  effect: (step: string, desiredCount: number) => LifecycleEffect,
): ComputeVerdict {
  if (state.closed) return ignore();
  const step = stepKey(request, operationId);
  const answers = request["detail-type"] as DataOf<"OperationStepCompleted">["answers"];
  const base = { operationId, operation, service: "compute" as const, ...(answers ? { answers } : {}) };
  const failed = (failure: StepFailure): ComputeVerdict => ({
    kind: "decide",
    emit: [{ type: "OperationStepFailed", data: { ...base, ...failure } }],
  });
  const done = state.progress[step]?.step;
  if (done?.ok)
    return {
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...base, compute: done.value } }],
    };
  if (done) return failed(done.failure);
  if (!state.outputs || state.desiredCount === undefined)
    return failed({
      code: "COMPUTE.NOT_PROVISIONED",
      reason: "compute has not provisioned this instance: there is nothing to act on",
      retryable: false,
    });
  return { kind: "decide", run: effect(step, state.desiredCount) };
}
