import type { InstanceRef } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import type { ComputeState } from "./computeRecord.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import {
  describeService,
  ensureTaskDefinition,
  rolloutOutcome,
  saveState,
  updateService,
} from "./ecsService.ts";
import { buildTaskDefinitionInput, namesOf, taskDefinitionHash } from "./taskDefinitionInput.ts";

/**
 * Moves the service to the revision of `request` and reports once the rolling deployment
 * completed. Each step is recorded as it happens, so a redelivery resumes where the last one
 * stopped: it reuses the registered revision, and it does not hand the service a revision it
 * was already given (that would re-deploy what the circuit breaker just rolled back).
 * While the rollout runs, a retryable COMPUTE.DEPLOYMENT_IN_PROGRESS has SQS ask again later.
 */
export async function rollOut(
  rt: EcsRuntime,
  instance: InstanceRef,
  change: { state: ComputeState; request: ComputeRequest; desiredCount: number },
): Promise<ComputeState> {
  const { state, desiredCount } = change;
  const proposed: ComputeState = { ...state, request: change.request, desiredCount };
  let next = await ensureTaskDefinition(rt, instance, proposed);
  const newRevision = next !== proposed;
  if (newRevision) {
    next = { ...next, previousRequest: state.request };
    await saveState(rt, instance, next);
  }
  const target = next.taskDefinitionArn ?? "";
  let service = null;
  if (next.deployedTaskDefinitionArn !== target || desiredCount !== state.desiredCount) {
    const launches = newRevision ? desiredCount : Math.max(0, desiredCount - state.desiredCount);
    service = await updateService(rt, instance, { taskDefinition: target, desiredCount }, launches);
    next = { ...next, deployedTaskDefinitionArn: target };
    await saveState(rt, instance, next);
  }
  service ??= await describeService(rt, instance);
  if (!service)
    throw new ComputeError("COMPUTE.SERVICE_NOT_FOUND", `service ${namesOf(instance).ecsService} not found`, {
      retryable: false,
    });
  const outcome = rolloutOutcome(service, target);
  if (outcome.kind === "completed") return next;
  if (outcome.kind === "in-progress")
    throw new ComputeError("COMPUTE.DEPLOYMENT_IN_PROGRESS", outcome.reason, { retryable: true });
  await saveState(rt, instance, revert(rt, instance, next, outcome.runningTaskDefinition));
  throw new ComputeError("COMPUTE.DEPLOYMENT_FAILED", outcome.reason, { retryable: false });
}

/** After a rollback the record follows the service back to the revision it runs. */
function revert(
  rt: EcsRuntime,
  instance: InstanceRef,
  state: ComputeState,
  running: string | undefined,
): ComputeState {
  const previous = state.previousRequest;
  if (!previous || !running) return state;
  return {
    ...state,
    request: previous,
    previousRequest: undefined,
    taskDefinitionArn: running,
    taskDefinitionHash: taskDefinitionHash(buildTaskDefinitionInput(instance, previous, rt.config)),
    deployedTaskDefinitionArn: running,
  };
}
