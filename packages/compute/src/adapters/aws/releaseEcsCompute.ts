import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type TaskDefinitionStatus,
} from "@aws-sdk/client-ecs";
import type { InstanceRef } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { FoundCompute } from "../../ports.ts";
import { errorName } from "./awsErrors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService, updateService } from "./ecsService.ts";
import { namesOf } from "./taskDefinitionInput.ts";

const GONE = new Set(["ServiceNotFoundException", "ServiceNotActiveException"]);
/** DeleteTaskDefinitions takes at most 10 revisions a call. */
const DELETE_BATCH = 10;

/** A same-named service made for another instance is not ours to delete (a rollback after NAME_TAKEN). */
export async function findEcsCompute(rt: EcsRuntime, instance: InstanceRef): Promise<FoundCompute> {
  const service = await describeService(rt, instance);
  const owner = service?.tags?.find((tag) => tag.key === "bbws:instanceId")?.value;
  return { owned: !owner || owner === instance.instanceId };
}

/**
 * Scaled to 0 first, so no task is replaced while it drains, then deleted with force; a
 * service already gone removes nothing. Reported by the ref ComputeReady announced (the ARN).
 */
export async function deleteEcsService(rt: EcsRuntime, instance: InstanceRef): Promise<string[]> {
  const name = namesOf(instance).ecsService;
  try {
    await updateService(rt, instance, { desiredCount: 0 }, 0);
    const { service } = await rt.deps.ecs.send(
      new DeleteServiceCommand({ cluster: rt.config.cluster, service: name, force: true }),
    );
    return [service?.serviceArn ?? name];
  } catch (error) {
    if (GONE.has(errorName(error))) return [];
    throw error;
  }
}

/**
 * Every revision of the family: ACTIVE ones deregistered, then all INACTIVE ones deleted (the
 * deregistered first: the INACTIVE listing may lag). What is already gone is skipped, so a
 * repeat finishes the job. The tenant's log group stays: it is shared by the tenant's
 * environments and ages out by retention.
 */
export async function deleteEcsRevisions(rt: EcsRuntime, instance: InstanceRef): Promise<string[]> {
  const family = namesOf(instance).taskDefinitionFamily;
  const deregistered = await deregisterActive(rt, family);
  const inactive = await listRevisions(rt, family, "INACTIVE");
  return deleteRevisions(rt, [...new Set([...deregistered, ...inactive])]);
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
