import { ComputeRequested, type InstanceRef } from "@bbws/contracts";
import type { ResourceRecords } from "@bbws/mesh";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { namesOf } from "./taskDefinitionInput.ts";

/**
 * What compute remembers about a tenant's service between messages: the request it was
 * built from (the spec as changed by scale and image updates, for the next revision), the
 * revision it registered for that request, and the task count it runs with (kept through a
 * suspend; the count to resume with is the domain's, in compute's journal).
 * Only ARNs and plain settings: the request carries secret references, never secrets.
 */
export interface ComputeState {
  readonly request: ComputeRequest;
  /** The request before the last change, restored when the circuit breaker rolls that change back. */
  readonly previousRequest?: ComputeRequest;
  readonly taskDefinitionArn?: string;
  readonly taskDefinitionHash?: string;
  /** The revision last handed to CreateService/UpdateService: a redelivery must not re-deploy a rolled-back one. */
  readonly deployedTaskDefinitionArn?: string;
  readonly serviceArn?: string;
  /** The count last set while running (1-10). */
  readonly desiredCount: number;
  /** The install task's attempt (its clientToken), its ARN once started, and whether it succeeded. */
  readonly installAttempt?: number;
  readonly installTaskArn?: string;
  readonly installed?: boolean;
}

export function computeRecordKey(instance: InstanceRef): string {
  return `compute/ecs-service/${namesOf(instance).ecsService}`;
}

const parseRequest = (json: string | undefined): ComputeRequest | undefined =>
  json === undefined ? undefined : ComputeRequested.data.parse(JSON.parse(json));

export async function loadComputeState(
  records: ResourceRecords,
  instance: InstanceRef,
): Promise<ComputeState | null> {
  const record = await records.get(computeRecordKey(instance));
  if (!record || record.instanceId !== instance.instanceId) return null;
  const { attributes: a } = record;
  const request = parseRequest(a.request);
  if (!request) return null;
  const previousRequest = parseRequest(a.previousRequest);
  return {
    request,
    desiredCount: Number(a.desiredCount ?? request.spec.desiredCount),
    ...(previousRequest ? { previousRequest } : {}),
    ...(a.taskDefinitionArn ? { taskDefinitionArn: a.taskDefinitionArn } : {}),
    ...(a.taskDefinitionHash ? { taskDefinitionHash: a.taskDefinitionHash } : {}),
    ...(a.deployedTaskDefinitionArn ? { deployedTaskDefinitionArn: a.deployedTaskDefinitionArn } : {}),
    ...(a.serviceArn ? { serviceArn: a.serviceArn } : {}),
    ...(a.installAttempt ? { installAttempt: Number(a.installAttempt) } : {}),
    ...(a.installTaskArn ? { installTaskArn: a.installTaskArn } : {}),
    ...(a.installed === "true" ? { installed: true } : {}),
  };
}

/** The lifecycle operations need what ensureCompute recorded; without it there is nothing to act on. */
export async function requireComputeState(
  records: ResourceRecords,
  instance: InstanceRef,
): Promise<ComputeState> {
  const state = await loadComputeState(records, instance);
  if (!state)
    throw new ComputeError(
      "COMPUTE.NOT_PROVISIONED",
      `no compute record for instance ${instance.instanceId} (${namesOf(instance).ecsService})`,
      { retryable: false },
    );
  return state;
}

export async function saveComputeState(input: {
  records: ResourceRecords;
  instance: InstanceRef;
  state: ComputeState;
  created: boolean;
  clock: () => Date;
}): Promise<void> {
  const { instance, state } = input;
  const attributes: Record<string, string> = {
    serviceName: namesOf(instance).ecsService,
    request: JSON.stringify(state.request),
    desiredCount: String(state.desiredCount),
  };
  if (state.previousRequest) attributes.previousRequest = JSON.stringify(state.previousRequest);
  if (state.taskDefinitionArn) attributes.taskDefinitionArn = state.taskDefinitionArn;
  if (state.taskDefinitionHash) attributes.taskDefinitionHash = state.taskDefinitionHash;
  if (state.deployedTaskDefinitionArn) attributes.deployedTaskDefinitionArn = state.deployedTaskDefinitionArn;
  if (state.serviceArn) attributes.serviceArn = state.serviceArn;
  if (state.installAttempt !== undefined) attributes.installAttempt = String(state.installAttempt);
  if (state.installTaskArn) attributes.installTaskArn = state.installTaskArn;
  if (state.installed) attributes.installed = "true";
  await input.records.put({
    key: computeRecordKey(instance),
    service: "compute",
    kind: "ecs-service",
    instanceId: instance.instanceId,
    tenantId: instance.tenantId,
    state: input.created ? "created" : "intended",
    attributes,
    updatedAt: input.clock().toISOString(),
  });
}
