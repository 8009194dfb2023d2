import {
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  type ECSClient,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { OwnedResource, ResourceInventory } from "@bbws/contracts";
import {
  type Logger,
  listTaggedResources,
  ownedResourcesOf,
  type ResourceRecords,
  silentLogger,
  type TaggingClient,
} from "@bbws/mesh";
import { ComputeError } from "../../domain/errors.ts";
import { errorMessage, errorName, guarded } from "./awsErrors.ts";
import { isTaskRoleArn, listTaskRoles, removeTaskRole, TASK_ROLE_KIND } from "./awsTaskRoleInventory.ts";

export const ECS_SERVICE_KIND = "ecs-service";
export const TASK_DEFINITION_KIND = "task-definition";

export interface AwsComputeInventoryOptions {
  readonly tagging: TaggingClient;
  readonly ecs: ECSClient;
  /** With IAM, the tenants' task roles are listed (kind `iam-role`) and removed too. */
  readonly iam?: IAMClient;
  /** With the compute records, a removed service's record is forgotten too (if it is that instance's). */
  readonly records?: ResourceRecords;
  readonly logger?: Logger;
}

const KINDS = { "ecs:service": ECS_SERVICE_KIND, "ecs:task-definition": TASK_DEFINITION_KIND };
const SERVICE_GONE = new Set(["ServiceNotFoundException", "ServiceNotActiveException"]);
/** What ECS says when deregistering a revision already deregistered or deleted. */
const NOT_ACTIVE = /not found|does not exist|inactive|not active/i;
/** What DeleteTaskDefinitions says of a revision already deleted or being deleted (as release). */
const ALREADY_GONE = /not found|does not exist|DELETE_IN_PROGRESS|already/i;
const SERVICE_ARN = /^arn:[^:]+:ecs:[^:]*:\d*:service\/([\w-]+)\/([\w-]+)$/;
const TASK_DEFINITION_ARN = /^arn:[^:]+:ecs:[^:]*:\d*:task-definition\/[\w-]+:\d+$/;

/**
 * The orphan scan's view of compute on AWS: the tenants' ECS services and task definition
 * revisions tagged `bbws:managedBy` (Resource Groups Tagging API), each with its instance
 * from the tags (ECS never adopts another instance's service: `COMPUTE.NAME_TAKEN`).
 * With IAM, the tenants' task roles too (awsTaskRoleInventory.ts: IAM is not in the Tagging API).
 * The tenant's log group is not listed: it is shared by its environments and ages out.
 */
export function createAwsComputeInventory(options: AwsComputeInventoryOptions): ResourceInventory {
  const { ecs } = options;
  const logger = options.logger ?? silentLogger;
  /** Scaled to 0 first, so no task is replaced while it drains, then deleted with force. */
  async function removeService(resource: OwnedResource): Promise<string[]> {
    const [, cluster = "", service = ""] = SERVICE_ARN.exec(resource.id) ?? [];
    try {
      await ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount: 0 }));
      await ecs.send(new DeleteServiceCommand({ cluster, service, force: true }));
    } catch (error) {
      if (!SERVICE_GONE.has(errorName(error))) throw error;
      return [];
    }
    const record = await options.records?.get(`compute/ecs-service/${service}`);
    if (record && record.instanceId === resource.instanceId) await options.records?.remove(record.key);
    return [resource.id];
  }

  /** ACTIVE revisions must be deregistered before DeleteTaskDefinitions takes them. */
  async function removeTaskDefinition(taskDefinition: string): Promise<string[]> {
    try {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition }));
    } catch (error) {
      if (!(errorName(error) === "ClientException" && NOT_ACTIVE.test(errorMessage(error)))) throw error;
    }
    const answer = await ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [taskDefinition] }));
    const failures = (answer.failures ?? []).filter((failure) => !ALREADY_GONE.test(failure.reason ?? ""));
    if (failures.length > 0)
      throw new ComputeError(
        "COMPUTE.RELEASE_INCOMPLETE",
        `could not delete ${failures.map((failure) => `${failure.arn}: ${failure.reason}`).join("; ")}`,
        { retryable: true },
      );
    return (answer.taskDefinitions ?? []).flatMap((definition) =>
      definition.taskDefinitionArn ? [definition.taskDefinitionArn] : [],
    );
  }

  return {
    service: "compute",
    list: () =>
      guarded("list tagged compute resources", async () => {
        const items = await listTaggedResources({
          client: options.tagging,
          resourceTypes: Object.keys(KINDS),
        });
        const tagged = ownedResourcesOf(items, { service: "compute", kinds: KINDS, logger });
        return options.iam ? [...tagged, ...(await listTaskRoles(options.iam, logger))] : tagged;
      }),
    async remove(resource) {
      if (resource.kind === ECS_SERVICE_KIND && SERVICE_ARN.test(resource.id))
        return guarded("remove ECS service", () => removeService(resource));
      if (resource.kind === TASK_DEFINITION_KIND && TASK_DEFINITION_ARN.test(resource.id))
        return guarded("remove task definition", () => removeTaskDefinition(resource.id));
      const { iam } = options;
      // Awaited here so every IAM call of the removal is the orphan scan's (its stack names this file).
      if (iam && resource.kind === TASK_ROLE_KIND && isTaskRoleArn(resource.id))
        return await guarded("remove task role", () => removeTaskRole(iam, resource.id));
      throw new ComputeError(
        "COMPUTE.INVALID_REQUEST",
        `not an AWS compute resource: ${resource.kind} ${JSON.stringify(resource.id)}`,
        { retryable: false },
      );
    },
  };
}
