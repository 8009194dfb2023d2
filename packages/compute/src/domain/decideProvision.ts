import type { DataOf, DomainEvent } from "@bbws/contracts";
import type { ComputeEffect, ComputeRequest } from "./computeEffect.ts";
import { type ComputeState, outputsOf, type Progress } from "./computeState.ts";
import type { ComputeAnswer, ComputeVerdict } from "./computeVerdict.ts";

const stepOf = (request: DomainEvent<"ComputeRequested">) =>
  `${request["detail-type"]}:${request.detail.data.operationId}`;

/**
 * Provisioning, one step at a time: task role, log group, revision, install task, service; then
 * `ComputeReady`, the install's end and health: `InstanceHealthy` or `InstanceUnhealthy`.
 * Each step runs only while what it makes is missing, so a second ComputeRequested of a
 * provisioned instance changes nothing (scale and image updates are the lifecycle's).
 */
export function decideProvision(
  state: ComputeState,
  request: DomainEvent<"ComputeRequested">,
): ComputeVerdict {
  const { operationId } = request.detail.data;
  const step = stepOf(request);
  const progress = state.progress[step];
  const outputs = outputsOf(state);
  // Announced once the service exists, before health is known: the ledger moves on to wait for it.
  const ready: ComputeAnswer[] = outputs ? [{ type: "ComputeReady", data: { operationId, outputs } }] : [];
  if (progress?.failure) {
    if (!outputs)
      return {
        kind: "decide",
        emit: [{ type: "ComputeFailed", data: { operationId, ...progress.failure } }],
      };
    const unhealthy = { operationId, ...progress.failure, retryable: false };
    return { kind: "decide", emit: [...ready, { type: "InstanceUnhealthy", data: unhealthy }] };
  }
  const run = nextProvisionStep(state, request.detail.data, step, progress);
  if (run) return { kind: "decide", ...(ready.length ? { emit: ready } : {}), run };
  const health = progress?.health;
  if (!health) throw new Error("provisioning ended without a health check");
  return { kind: "decide", emit: [...ready, { type: "InstanceHealthy", data: { operationId, ...health } }] };
}

function nextProvisionStep(
  state: ComputeState,
  asked: ComputeRequest,
  step: string,
  progress: Progress | undefined,
): ComputeEffect | undefined {
  const request = state.request ?? asked;
  // First: a role quota that is full fails the provisioning before anything exists.
  if (!state.taskRoleRef) return { kind: "createTaskRole", step, request };
  if (!state.logsPrepared) return { kind: "prepareLogs", step };
  const { revisionRef } = state;
  if (!revisionRef) return { kind: "registerRevision", step, request };
  const install = state.install ?? { attempt: 1 };
  const { url, targetGroupRef } = request.routing;
  if (!install.installed && !install.taskRef)
    return { kind: "startInstall", step, revisionRef, attempt: install.attempt, siteUrl: url };
  if (!state.serviceRef)
    return {
      kind: "createService",
      step,
      revisionRef,
      desiredCount: request.spec.desiredCount,
      targetGroupRef,
    };
  if (!install.installed && install.taskRef) return { kind: "awaitInstall", step, taskRef: install.taskRef };
  if (!progress?.health) return { kind: "checkHealth", step, url, targetGroupRef };
  return undefined;
}

/**
 * A release runs even for an instance compute never saw (a rollback may precede ComputeRequested):
 * find what is this instance's, delete the service, then every revision, then the task role (no
 * task uses it any more); that closes the instance.
 */
export function decideRelease(
  state: ComputeState,
  step: string,
  data: Pick<DataOf<"ReleaseRequested">, "operationId" | "reason">,
): ComputeVerdict {
  const { operationId, reason } = data;
  const progress = state.progress[step];
  if (progress?.failure)
    return { kind: "decide", emit: [{ type: "ComputeFailed", data: { operationId, ...progress.failure } }] };
  // Closed by this request: what it removed; by another operation (a deprovision after a rollback): nothing.
  if (state.closed)
    return {
      kind: "decide",
      emit: [
        { type: "ComputeReleased", data: { operationId, reason, released: [...(progress?.released ?? [])] } },
      ],
    };
  const ran = progress?.ran ?? [];
  if (progress?.owned === undefined) return { kind: "decide", run: { kind: "findCompute", step } };
  if (!ran.includes("deleteService")) return { kind: "decide", run: { kind: "deleteService", step } };
  if (!ran.includes("deleteRevisions")) return { kind: "decide", run: { kind: "deleteRevisions", step } };
  return { kind: "decide", run: { kind: "deleteTaskRole", step } };
}
