import { CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { CreateServiceCommand, type CreateServiceCommandInput, type Service } from "@aws-sdk/client-ecs";
import { type ComputeOutputs, type InstanceRef, resourceTags } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { errorName } from "./awsErrors.ts";
import { type ComputeState, loadComputeState } from "./computeRecord.ts";
import { acquireLaunches, CONTAINER_NAME, CONTAINER_PORT } from "./ecsComputeConfig.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService, ensureTaskDefinition, outputsOf, saveState, updateService } from "./ecsService.ts";
import { startInstall } from "./installTask.ts";
import { ecsTags, namesOf } from "./taskDefinitionInput.ts";

/**
 * Log group, task definition, the one-off WordPress install task (installTask.ts), then the service. The record is written (intended) before the
 * first create, so a crash at any point leaves something release can find; the service's
 * clientToken is the instanceId, so a repeated CreateService returns the same service.
 */
export async function ensureEcsCompute(
  rt: EcsRuntime,
  instance: InstanceRef,
  request: ComputeRequest,
): Promise<ComputeOutputs> {
  const known = await loadComputeState(rt.deps.records, instance);
  let state: ComputeState = { ...known, request, desiredCount: request.spec.desiredCount };
  if (!known) await saveState(rt, instance, state, false);
  await ensureLogGroup(rt, instance);
  const registered = await ensureTaskDefinition(rt, instance, state);
  if (registered !== state) await saveState(rt, instance, registered, Boolean(state.serviceArn));
  state = await startInstall(rt, instance, registered);
  const service = await createOrAdoptService(rt, instance, state);
  state = { ...state, deployedTaskDefinitionArn: state.taskDefinitionArn };
  if (service.serviceArn) state = { ...state, serviceArn: service.serviceArn };
  await saveState(rt, instance, state);
  return outputsOf(instance, state, state.desiredCount);
}

export function createServiceInput(
  rt: EcsRuntime,
  instance: InstanceRef,
  state: ComputeState,
): CreateServiceCommandInput {
  const { config } = rt;
  return {
    cluster: config.cluster,
    serviceName: namesOf(instance).ecsService,
    taskDefinition: state.taskDefinitionArn,
    desiredCount: state.desiredCount,
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
      {
        targetGroupArn: state.request.routing.targetGroupRef,
        containerName: CONTAINER_NAME,
        containerPort: CONTAINER_PORT,
      },
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
 * ECS answers InvalidParameterException when a service of that name already exists and the
 * call is not an exact repeat (a new revision after a crash, say): the service is ours,
 * identified by its instance tag, so it is adopted and brought to the wanted revision and count.
 */
async function createOrAdoptService(rt: EcsRuntime, instance: InstanceRef, state: ComputeState) {
  await acquireLaunches(rt.deps.limiter, state.desiredCount);
  try {
    const created = await rt.deps.ecs.send(new CreateServiceCommand(createServiceInput(rt, instance, state)));
    if (created.service) return created.service;
  } catch (error) {
    if (errorName(error) !== "InvalidParameterException") throw error;
    const existing = await describeService(rt, instance);
    if (!existing) throw error;
    return adopt(rt, instance, state, existing);
  }
  const existing = await describeService(rt, instance);
  if (!existing)
    throw new ComputeError("COMPUTE.UNEXPECTED", "CreateService returned no service", { retryable: true });
  return existing;
}

async function adopt(rt: EcsRuntime, instance: InstanceRef, state: ComputeState, existing: Service) {
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
  if (existing.taskDefinition === state.taskDefinitionArn && existing.desiredCount === state.desiredCount)
    return existing;
  // The tokens taken before CreateService cover these tasks: they were not launched by it.
  const updated = await updateService(
    rt,
    instance,
    { taskDefinition: state.taskDefinitionArn, desiredCount: state.desiredCount },
    0,
  );
  return updated ?? existing;
}

/** The group is per tenant (shared by its environments): created once, tolerant of existing. */
async function ensureLogGroup(rt: EcsRuntime, instance: InstanceRef): Promise<void> {
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
