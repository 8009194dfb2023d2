import type { DataOf, DomainEvent } from "@bbws/contracts";
import {
  type LifecycleRequest,
  RELEASE_STEPS,
  type RoutingState,
  type RoutingVerdict,
  type StepRef,
} from "./routingState.ts";

const CLOSED: RoutingVerdict = { kind: "ignore", reason: "the instance's route was released" };

/**
 * What routing does next about a request, from what it knows of the instance. Pure: called again
 * after every effect, so each branch looks at the state to tell what is already done.
 */
export function decideRouting(state: RoutingState, request: DomainEvent): RoutingVerdict {
  switch (request["detail-type"]) {
    case "InstanceRequested":
      return decideRoute(state, request as DomainEvent<"InstanceRequested">);
    case "ReleaseRequested":
      return decideRelease(state, request as DomainEvent<"ReleaseRequested">);
    case "SuspendRequested":
    case "ResumeRequested":
      return decideSwitch(state, request as DomainEvent<LifecycleRequest>);
    default:
      return { kind: "notMine" };
  }
}

function decideRoute(state: RoutingState, request: DomainEvent<"InstanceRequested">): RoutingVerdict {
  if (state.closed) return CLOSED;
  const { operationId, spec } = request.detail.data;
  const failure = state.failures[request.detail.meta.eventId];
  if (failure)
    return { kind: "decide", emit: [{ type: "RoutingFailed", data: { operationId, ...failure } }] };
  const { slot, targetGroupRef, ruleRef, address } = state.route;
  const hostname = spec.hostname;
  // Slot first: a taken name or a full pool fails before anything is created.
  if (!slot) return { kind: "decide", run: { kind: "claimSlot" } };
  if (!targetGroupRef) return { kind: "decide", run: { kind: "ensureTargetGroup" } };
  if (!ruleRef) return { kind: "decide", run: { kind: "ensureRule", slot, hostname, targetGroupRef } };
  if (!address) return { kind: "decide", run: { kind: "ensureAddress", slot, hostname } };
  const outputs = { targetGroupRef, listenerRuleRef: ruleRef, ...address };
  return { kind: "decide", emit: [{ type: "RoutingReady", data: { operationId, outputs } }] };
}

/**
 * Every release step runs, whatever the state says exists: each deletes what the adapter's
 * records name (nothing is fine), so a route built before the journal, or half built by a
 * request that failed, is released too.
 */
function decideRelease(state: RoutingState, request: DomainEvent<"ReleaseRequested">): RoutingVerdict {
  const { operationId, reason, service } = request.detail.data;
  if (service !== "routing") return { kind: "notMine" };
  const eventId = request.detail.meta.eventId;
  const released = (list: readonly string[]): RoutingVerdict => ({
    kind: "decide",
    emit: [{ type: "RoutingReleased", data: { operationId, reason, released: [...list] } }],
  });
  // Released already: a later release (a deprovision after a rollback) is answered, with nothing to do.
  if (state.closed) return released(state.closed.request === eventId ? state.closed.released : []);
  const failure = state.failures[eventId];
  if (failure)
    return { kind: "decide", emit: [{ type: "RoutingFailed", data: { operationId, ...failure } }] };
  const done = state.releasing?.request === eventId ? state.releasing.done : [];
  const next = RELEASE_STEPS.find((step) => !done.includes(step));
  return next ? { kind: "decide", run: { kind: next } } : released([]);
}

/**
 * Suspend serves the maintenance page, resume forwards again. A request older than the last one
 * answered (a redriven dead letter, a late duplicate of a closed operation) is stale: switching
 * would undo a later operation, so it changes nothing. A step is answered once per operation.
 */
function decideSwitch(state: RoutingState, request: DomainEvent<LifecycleRequest>): RoutingVerdict {
  if (state.closed) return CLOSED;
  const eventId = request.detail.meta.eventId;
  const step: StepRef = {
    operationId: request.detail.data.operationId,
    request: request["detail-type"],
    occurredAt: request.detail.meta.occurredAt,
  };
  const last = state.lastStep;
  if (last?.eventId === eventId) return { kind: "decide", emit: [answerOf(state, request)] };
  if (last && Date.parse(step.occurredAt) < Date.parse(last.occurredAt))
    return {
      kind: "ignore",
      reason: `stale: ${step.request} of ${step.occurredAt} is older than the ${last.request} answered`,
    };
  if (last?.ok && last.operationId === step.operationId && last.request === step.request)
    return { kind: "ignore", reason: `${step.request} of operation ${step.operationId} was answered` };
  const kind = step.request === "SuspendRequested" ? "serveMaintenance" : "forward";
  return { kind: "decide", run: { kind, step } };
}

type StepAnswer =
  | { readonly type: "OperationStepCompleted"; readonly data: DataOf<"OperationStepCompleted"> }
  | { readonly type: "OperationStepFailed"; readonly data: DataOf<"OperationStepFailed"> };

function answerOf(state: RoutingState, request: DomainEvent<LifecycleRequest>): StepAnswer {
  const { operationId, operation } = request.detail.data;
  const answers = request["detail-type"];
  const common = {
    operationId,
    operation: operation ?? (answers === "SuspendRequested" ? "suspend" : "resume"),
    service: "routing",
    answers,
  } as const;
  const failure = state.failures[request.detail.meta.eventId];
  return failure
    ? { type: "OperationStepFailed", data: { ...common, ...failure } }
    : { type: "OperationStepCompleted", data: common };
}
