import { CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  RegisterTaskDefinitionCommand,
  type Service,
} from "@aws-sdk/client-ecs";
import { type InstanceRef, resourceTags } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { errorName } from "./awsErrors.ts";
import { acquireLaunches, CONTAINER_NAME, CONTAINER_PORT } from "./ecsComputeConfig.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService, updateService } from "./ecsService.ts";
import { buildTaskDefinitionInput, ecsTags, namesOf } from "./taskDefinitionInput.ts";

/** The group is per tenant (shared by its environments): created once, tolerant of existing. */
export async function prepareEcsLogs(rt: EcsRuntime, instance: InstanceRef): Promise<void> {
  const logGroupName = namesOf(instance).logGroup;
  const tags = resourceTags(instance);
  try {
    await rt.deps.logs.send(new CreateLogGroupCommand({ logGroupName, tags }));
  } catch (error) {
    if (errorName(error) !== "ResourceAlreadyExistsException") throw error;
  }
  const retentionInDays = rt.config.logRetentionDays ?? 30;
  await rt.deps.logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays }));
}

/**
 * RegisterTaskDefinition is not idempotent: every call is a new revision. The executor records
 * the intent first, so only a crash between the call and the journal write repeats it; the spare
 * revision is deleted with the family at release.
 */
export async function registerEcsRevision(
  rt: EcsRuntime,
  instance: InstanceRef,
  request: ComputeRequest,
): Promise<string> {
  const input = buildTaskDefinitionInput(instance, request, rt.config);
  const { taskDefinition } = await rt.deps.ecs.send(new RegisterTaskDefinitionCommand(input));
  const arn = taskDefinition?.taskDefinitionArn;
  if (!arn)
    throw new ComputeError("COMPUTE.UNEXPECTED", "RegisterTaskDefinition returned no ARN", {
      retryable: true,
    });
  return arn;
}

export interface ServiceWanted {
  readonly revisionRef: string;
  readonly desiredCount: number;
  readonly targetGroupRef: string;
}

export function createServiceInput(
  rt: EcsRuntime,
  instance: InstanceRef,
  wanted: ServiceWanted,
): CreateServiceCommandInput {
  const { config } = rt;
  return {
    cluster: config.cluster,
    serviceName: namesOf(instance).ecsService,
    taskDefinition: wanted.revisionRef,
    desiredCount: wanted.desiredCount,
    launchType: "FARGATE",
    platformVersion: config.platformVersion ?? "1.4.0",
    // ≤ 36 ASCII characters: the instanceId (a UUID) fits exactly and is stable across retries.
    clientToken: instance.instanceId,
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...config.subnets],
        securityGroups: [...config.securityGroups],
        assignPublicIp: "DISABLED",
      },
    },
    loadBalancers: [
      { targetGroupArn: wanted.targetGroupRef, containerName: CONTAINER_NAME, containerPort: CONTAINER_PORT },
    ],
    healthCheckGracePeriodSeconds: config.healthCheckGracePeriodSeconds ?? 120,
    schedulingStrategy: "REPLICA",
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      minimumHealthyPercent: 100,
      maximumPercent: 200,
    },
    propagateTags: "SERVICE",
    enableECSManagedTags: true,
    tags: ecsTags(instance),
  };
}

/**
 * The service's clientToken is the instanceId, so a repeated CreateService returns the same
 * service. ECS answers InvalidParameterException when a service of that name exists and the call
 * is not an exact repeat (a new revision after a crash, say): the service is ours when tagged
 * with this instance, so it is adopted and brought to the wanted revision and count.
 */
export async function createEcsService(
  rt: EcsRuntime,
  instance: InstanceRef,
  wanted: ServiceWanted,
): Promise<string> {
  await acquireLaunches(rt.deps.limiter, wanted.desiredCount);
  let service: Service | null | undefined;
  try {
    service = (await rt.deps.ecs.send(new CreateServiceCommand(createServiceInput(rt, instance, wanted))))
      .service;
  } catch (error) {
    if (errorName(error) !== "InvalidParameterException") throw error;
    const existing = await describeService(rt, instance);
    if (!existing) throw error;
    service = await adopt(rt, instance, wanted, existing);
  }
  service ??= await describeService(rt, instance);
  if (!service)
    throw new ComputeError("COMPUTE.UNEXPECTED", "CreateService returned no service", { retryable: true });
  return service.serviceArn ?? namesOf(instance).ecsService;
}

async function adopt(rt: EcsRuntime, instance: InstanceRef, wanted: ServiceWanted, existing: Service) {
  const name = namesOf(instance).ecsService;
  const owner = existing.tags?.find((tag) => tag.key === "bbws:instanceId")?.value;
  if (owner && owner !== instance.instanceId)
    throw new ComputeError("COMPUTE.NAME_TAKEN", `service ${name} belongs to instance ${owner}`, {
      retryable: false,
    });
  if (existing.status === "DRAINING")
    throw new ComputeError("COMPUTE.SERVICE_DRAINING", `service ${name} is still being deleted`, {
      retryable: true,
    });
  const { revisionRef: taskDefinition, desiredCount } = wanted;
  if (existing.taskDefinition === taskDefinition && existing.desiredCount === desiredCount) return existing;
  // The tokens taken before CreateService cover these tasks: they were not launched by it.
  return (await updateService(rt, instance, { taskDefinition, desiredCount }, 0)) ?? existing;
}
