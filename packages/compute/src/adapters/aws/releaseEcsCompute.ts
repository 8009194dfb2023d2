import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type TaskDefinitionStatus,
} from "@aws-sdk/client-ecs";
import type { InstanceRef } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import { errorName } from "./awsErrors.ts";
import { computeRecordKey } from "./computeRecord.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService, updateService } from "./ecsService.ts";
import { namesOf } from "./taskDefinitionInput.ts";

const GONE = new Set(["ServiceNotFoundException", "ServiceNotActiveException"]);
/** DeleteTaskDefinitions takes at most 10 revisions a call. */
const DELETE_BATCH = 10;

/**
 * Service first (scaled to 0 so no task is replaced while it drains, then deleted with
 * force), then every revision of the family: ACTIVE ones deregistered, then all INACTIVE
 * ones deleted. Each step tolerates what is already gone, so a repeat or a retry after a
 * crash finishes the job; what it reports is what this call removed.
 * The tenant's log group stays: it is shared by the tenant's environments and ages out by retention.
 */
export async function releaseEcsCompute(rt: EcsRuntime, instance: InstanceRef): Promise<string[]> {
  const names = namesOf(instance);
  const service = await describeService(rt, instance);
  const owner = service?.tags?.find((tag) => tag.key === "bbws:instanceId")?.value;
  // A service of the same name made for another instance is not ours to delete (a rollback after NAME_TAKEN).
  if (owner && owner !== instance.instanceId) return [];
  const released: string[] = [];
  // Reported by the refs ComputeReady announced (serviceRef, taskDefinitionRef): ARNs on AWS.
  if (service && (await deleteService(rt, instance))) released.push(service.serviceArn ?? names.ecsService);
  const deregistered = await deregisterActive(rt, names.taskDefinitionFamily);
  const inactive = await listRevisions(rt, names.taskDefinitionFamily, "INACTIVE");
  const deleted = await deleteRevisions(rt, [...new Set([...deregistered, ...inactive])]);
  released.push(...deleted);
  const record = await rt.deps.records.get(computeRecordKey(instance));
  if (record?.instanceId === instance.instanceId) await rt.deps.records.remove(record.key);
  return released;
}

async function deleteService(rt: EcsRuntime, instance: InstanceRef): Promise<boolean> {
  try {
    await updateService(rt, instance, { desiredCount: 0 }, 0);
    await rt.deps.ecs.send(
      new DeleteServiceCommand({
        cluster: rt.config.cluster,
        service: namesOf(instance).ecsService,
        force: true,
      }),
    );
    return true;
  } catch (error) {
    if (GONE.has(errorName(error))) return false;
    throw error;
  }
}

async function listRevisions(rt: EcsRuntime, family: string, status: TaskDefinitionStatus) {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await rt.deps.ecs.send(
      new ListTaskDefinitionsCommand({ familyPrefix: family, status, nextToken }),
    );
    // The filter is documented as the full family name; the check keeps a near-namesake out regardless.
    arns.push(...(page.taskDefinitionArns ?? []).filter((arn) => revisionOf(arn).startsWith(`${family}:`)));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

async function deregisterActive(rt: EcsRuntime, family: string): Promise<string[]> {
  const active = await listRevisions(rt, family, "ACTIVE");
  for (const taskDefinition of active)
    await rt.deps.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition }));
  return active;
}

const ALREADY_GONE = /not found|does not exist|DELETE_IN_PROGRESS|already/i;

async function deleteRevisions(rt: EcsRuntime, arns: readonly string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (let start = 0; start < arns.length; start += DELETE_BATCH) {
    const taskDefinitions = arns.slice(start, start + DELETE_BATCH);
    const answer = await rt.deps.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions }));
    const failures = (answer.failures ?? []).filter((failure) => !ALREADY_GONE.test(failure.reason ?? ""));
    if (failures.length > 0)
      throw new ComputeError(
        "COMPUTE.RELEASE_INCOMPLETE",
        `could not delete ${failures.map((failure) => `${failure.arn}: ${failure.reason}`).join("; ")}`,
        { retryable: true },
      );
    deleted.push(
      ...(answer.taskDefinitions ?? []).flatMap((definition) =>
        definition.taskDefinitionArn ? [definition.taskDefinitionArn] : [],
      ),
    );
  }
  return deleted;
}

/** `arn:aws:ecs:region:account:task-definition/family:revision` -> `family:revision`. */
function revisionOf(arn: string): string {
  const marker = ":task-definition/";
  const at = arn.indexOf(marker);
  return at < 0 ? arn : arn.slice(at + marker.length);
}
