import type { DomainEvent, InstanceSpec } from "@bbws/contracts";
import type {
  IdentityEffect,
  IdentityEffectValues,
  IdentityFact,
  IdentityState,
  IdentityVerdict,
  ReleaseProgress,
  ReleaseStepKind,
} from "./identityState.ts";

/**
 * Identity's decisions about one instance. Provisioning: pool, app client, groups, domain, secret,
 * then `IdentityReady`. Release: find what exists, delete domain, client, pool, secret, forget the
 * records, then `IdentityReleased`. Once a release has begun, a provisioning request (a late or
 * replayed `InstanceRequested`) is acknowledged with no effect: nothing is re-created.
 */
export function decideIdentity(state: IdentityState, request: DomainEvent): IdentityVerdict {
  const requestId = request.detail.meta.eventId;
  switch (request["detail-type"]) {
    case "InstanceRequested": {
      const { operationId, spec } = request.detail.data;
      if (state.release) return { kind: "ignore", reason: "the instance's identity was released" };
      if (state.failed?.request === requestId) return failedAnswer(state.failed, operationId);
      const run = nextProvisionStep(state, spec);
      if (run) return { kind: "decide", run };
      return {
        kind: "decide",
        emit: [{ type: "IdentityReady", data: { operationId, outputs: outputsOf(state) } }],
      };
    }
    case "ReleaseRequested": {
      const { operationId, reason, service } = request.detail.data;
      if (service !== "identity") return { kind: "notMine" };
      const closedBy = state.release?.closedBy;
      if (closedBy !== undefined) {
        // Only the request that did the work names it; a later one is told nothing was left.
        const released = closedBy === requestId ? [...(state.release?.released ?? [])] : [];
        return {
          kind: "decide",
          emit: [{ type: "IdentityReleased", data: { operationId, reason, released } }],
        };
      }
      if (state.failed?.request === requestId) return failedAnswer(state.failed, operationId);
      return { kind: "decide", run: nextReleaseStep(state.release) ?? { kind: "findIdentity" } };
    }
    default:
      return { kind: "notMine" };
  }
}

function failedAnswer(failed: NonNullable<IdentityState["failed"]>, operationId: string): IdentityVerdict {
  const { request: _request, ...failure } = failed;
  return { kind: "decide", emit: [{ type: "IdentityFailed", data: { operationId, ...failure } }] };
}

function nextProvisionStep(state: IdentityState, spec: InstanceSpec): IdentityEffect | undefined {
  const { userPoolId, appClientId } = state;
  if (!userPoolId) return { kind: "createUserPool" };
  if (!appClientId) return { kind: "createAppClient", userPoolId, spec };
  if (!state.groups) return { kind: "createGroups", userPoolId };
  if (!state.hostedDomain) return { kind: "createDomain", userPoolId };
  if (!state.clientSecretRef) return { kind: "storeClientSecret", userPoolId, appClientId };
  return undefined;
}

function outputsOf(state: IdentityState) {
  const { userPoolId, appClientId, hostedDomain, clientSecretRef } = state;
  if (!userPoolId || !appClientId || !hostedDomain || !clientSecretRef)
    throw new Error("identity outputs asked for before every step succeeded");
  return { userPoolId, appClientId, hostedDomain, clientSecretRef };
}

/**
 * The next delete of a release, in the order Cognito needs (a pool with a domain cannot be
 * deleted); undefined when nothing is left. Without a recorded pool nothing is touched: a late
 * repeat must not delete a secret a newer instance of the tenant holds under the same name.
 */
export function nextReleaseStep(release: ReleaseProgress | undefined): IdentityEffect | undefined {
  if (!release) return { kind: "findIdentity" };
  const { found, done } = release;
  if (!found.recorded) return undefined;
  const pending = (kind: ReleaseStepKind) => !done.includes(kind);
  const { userPoolId, appClientId } = found;
  if (userPoolId && pending("deleteDomain")) return { kind: "deleteDomain", userPoolId };
  if (userPoolId && appClientId && pending("deleteAppClient"))
    return { kind: "deleteAppClient", userPoolId, appClientId };
  if (userPoolId && pending("deleteUserPool")) return { kind: "deleteUserPool", userPoolId };
  if (pending("deleteClientSecret")) return { kind: "deleteClientSecret" };
  if (pending("forgetIdentity")) return { kind: "forgetIdentity" };
  return undefined;
}

/** Folds what a step did into the state; a failure is kept with the request it answers. */
export function evolveIdentity(state: IdentityState, fact: IdentityFact): IdentityState {
  if (fact.kind === "failed") return { ...state, failed: { request: fact.request, ...fact.failure } };
  const { effect } = fact;
  const value = <K extends keyof IdentityEffectValues>(_kind: K) => fact.value as IdentityEffectValues[K];
  switch (effect.kind) {
    case "createUserPool":
      return { ...state, userPoolId: value("createUserPool") };
    case "createAppClient":
      return { ...state, appClientId: value("createAppClient") };
    case "createGroups":
      return { ...state, groups: true };
    case "createDomain":
      return { ...state, hostedDomain: value("createDomain") };
    case "storeClientSecret":
      return { ...state, clientSecretRef: value("storeClientSecret") };
    case "findIdentity":
      return withRelease(state, { found: value("findIdentity"), done: [], released: [] }, fact.request);
    case "deleteDomain":
    case "deleteAppClient":
    case "deleteUserPool":
    case "deleteClientSecret":
      return releaseStepDone(state, effect.kind, value(effect.kind), fact.request);
    case "forgetIdentity":
      return releaseStepDone(state, effect.kind, [], fact.request);
    default: {
      const unknown: never = effect;
      throw new Error(`unknown identity effect ${JSON.stringify(unknown)}`);
    }
  }
}

function releaseStepDone(
  state: IdentityState,
  kind: ReleaseStepKind,
  names: readonly string[],
  request: string,
): IdentityState {
  const progress = state.release;
  if (!progress) throw new Error(`${kind} ran before the release found what to delete`);
  const next = { ...progress, done: [...progress.done, kind], released: [...progress.released, ...names] };
  return withRelease(state, next, request);
}

/** Records the release's progress, closed by `request` when nothing is left to delete. */
function withRelease(state: IdentityState, progress: ReleaseProgress, request: string): IdentityState {
  const closed = nextReleaseStep(progress) === undefined;
  return { ...state, release: closed ? { ...progress, closedBy: request } : progress };
}
