import { DESIRED_COUNT_MAX, type InstanceRef } from "@bbws/contracts";
import { ComputeError, RolloutPendingError } from "../../domain/errors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService, rolloutOutcome, updateService } from "./ecsService.ts";
import { rolloutLookSeconds } from "./lookSpacing.ts";
import { namesOf } from "./taskDefinitionInput.ts";

/** A new revision replaces every task: one launch token per task. */
export async function deployEcsRevision(
  rt: EcsRuntime,
  instance: InstanceRef,
  input: { revisionRef: string; desiredCount: number },
): Promise<void> {
  const { revisionRef: taskDefinition, desiredCount } = input;
  await updateService(rt, instance, { taskDefinition, desiredCount }, desiredCount);
}

/**
 * Where the deployment of the revision stands: completed, still rolling (RolloutPendingError,
 * COMPUTE.DEPLOYMENT_IN_PROGRESS: the record comes back in rolloutLookSeconds), or rolled back by the circuit
 * breaker (COMPUTE.DEPLOYMENT_FAILED: the decider follows the service back to what it runs).
 */
export async function awaitEcsRollout(
  rt: EcsRuntime,
  instance: InstanceRef,
  input: { revisionRef: string },
): Promise<void> {
  const service = await describeService(rt, instance);
  if (!service)
    throw new ComputeError("COMPUTE.SERVICE_NOT_FOUND", `service ${namesOf(instance).ecsService} not found`, {
      retryable: false,
    });
  const outcome = rolloutOutcome(service, input.revisionRef);
  if (outcome.kind === "completed") return;
  if (outcome.kind === "in-progress")
    throw new RolloutPendingError(outcome.reason, rolloutLookSeconds(outcome.phase));
  throw new ComputeError("COMPUTE.DEPLOYMENT_FAILED", outcome.reason, { retryable: false });
}

/** Only the count: a token per task it adds (scaling down or to 0 never waits). */
export async function setEcsDesiredCount(
  rt: EcsRuntime,
  instance: InstanceRef,
  input: { desiredCount: number; currentCount: number },
): Promise<void> {
  const { desiredCount, currentCount } = input;
  if (!Number.isInteger(desiredCount) || desiredCount < 0 || desiredCount > DESIRED_COUNT_MAX)
    throw new ComputeError(
      "COMPUTE.INVALID_REQUEST",
      `desiredCount must be a whole number from 0 to ${DESIRED_COUNT_MAX}, got ${desiredCount}`,
      { retryable: false },
    );
  await updateService(rt, instance, { desiredCount }, Math.max(0, desiredCount - currentCount));
}

/** Same revision, fresh tasks; a repeat costs one more rolling restart, which is harmless. */
export async function restartEcsService(
  rt: EcsRuntime,
  instance: InstanceRef,
  input: { desiredCount: number },
): Promise<void> {
  await updateService(rt, instance, { forceNewDeployment: true }, input.desiredCount);
}
