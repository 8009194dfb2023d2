import type { Service } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { InstanceRef, LookPhase } from "@bbws/contracts";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import { errorMessage } from "./awsErrors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService } from "./ecsService.ts";
import { healthLookSeconds } from "./lookSpacing.ts";
import { namesOf } from "./taskDefinitionInput.ts";

/**
 * Not healthy yet. `far`: a task still starting (look again in one ALB health check interval);
 * `near`: every task runs and the ALB's first check, or WordPress's first answer, is seconds away.
 */
const pending = (reason: string, phase: LookPhase) =>
  new HealthPendingError(reason, healthLookSeconds(phase));

interface Unsteady {
  readonly reason: string;
  readonly phase: LookPhase;
}

/**
 * Healthy (asked once the decider saw the install end) = the service is steady (one PRIMARY deployment, rollout COMPLETED, every wanted
 * task running), the ALB sees as many healthy targets, and WordPress answers 200 at the
 * tenant's URL. Anything short of that is HealthPendingError, looked at again sooner the closer
 * AWS says it is (healthLookSeconds), until the decider's deadline; a rollout the circuit
 * breaker declared FAILED will not heal by waiting.
 */
export async function checkEcsHealth(
  rt: EcsRuntime,
  instance: InstanceRef,
  input: { url: string; targetGroupRef: string },
): Promise<{ url: string; httpStatus: number }> {
  const service = await describeService(rt, instance);
  if (!service) throw pending(`service ${namesOf(instance).ecsService} not found yet`, "far");
  const unsteady = unsteadyReason(service);
  if (unsteady) throw pending(unsteady.reason, unsteady.phase);
  const wanted = service.desiredCount ?? 0;
  const targets = await targetStates(rt, input.targetGroupRef);
  const healthy = targets.filter((target) => target.state === "healthy").length;
  if (healthy < wanted) {
    const others = targets.filter((target) => target.state !== "healthy");
    // A registered target turns healthy at its first passing check; an unhealthy one needs more.
    const firstCheck = others.some((target) => target.state === "initial");
    throw pending(
      `${healthy} of ${wanted} targets healthy${others.length ? ` (${others.map(describeTarget).join(", ")})` : ""}`,
      firstCheck ? "near" : "far",
    );
  }
  const { url } = input;
  let httpStatus: number;
  try {
    httpStatus = (await rt.httpGet(url)).status;
  } catch (error) {
    throw pending(`${url} did not answer: ${errorMessage(error)}`, "near");
  }
  if (httpStatus !== 200) throw pending(`WordPress answered ${httpStatus} at ${url}`, "near");
  return { url, httpStatus };
}

/** Why the service is not steady yet, and how far: tasks still starting, or a rollout waiting on their health. */
function unsteadyReason(service: Service): Unsteady | null {
  const deployments = service.deployments ?? [];
  const failed = deployments.find((deployment) => deployment.rolloutState === "FAILED");
  if (failed)
    throw new ComputeError(
      "COMPUTE.DEPLOYMENT_FAILED",
      `deployment of ${failed.taskDefinition} failed: ${failed.rolloutStateReason ?? "circuit breaker tripped"}`,
      { retryable: false },
    );
  const wanted = service.desiredCount ?? 0;
  if (wanted === 0) return { reason: "the service is scaled to 0 tasks", phase: "far" };
  const [primary] = deployments;
  if (deployments.length !== 1 || primary?.status !== "PRIMARY")
    return { reason: `${deployments.length} deployments in progress`, phase: "far" };
  if ((primary.runningCount ?? 0) !== wanted)
    return {
      reason: `${primary.runningCount ?? 0} of ${wanted} tasks running (${primary.pendingCount ?? 0} pending)`,
      phase: "far",
    };
  // Every task runs: ECS completes the rollout once the ALB finds them healthy, at their first check.
  if (primary.rolloutState && primary.rolloutState !== "COMPLETED")
    return {
      reason: `rollout ${primary.rolloutState}${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : ""}`,
      phase: "near",
    };
  return null;
}

interface TargetState {
  readonly id: string;
  readonly state: string;
  readonly reason?: string;
}

async function targetStates(rt: EcsRuntime, targetGroupArn: string): Promise<TargetState[]> {
  const { TargetHealthDescriptions } = await rt.deps.elbv2.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
  );
  return (TargetHealthDescriptions ?? []).map((description) => ({
    id: `${description.Target?.Id ?? "?"}:${description.Target?.Port ?? "?"}`,
    state: description.TargetHealth?.State ?? "unknown",
    ...(description.TargetHealth?.Reason ? { reason: description.TargetHealth.Reason } : {}),
  }));
}

const describeTarget = (target: TargetState) =>
  `${target.id} ${target.state}${target.reason ? ` ${target.reason}` : ""}`;
