import type { Service } from "@aws-sdk/client-ecs";
import { DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { type InstanceRef, PENDING_WAITS } from "@bbws/contracts";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import { errorMessage } from "./awsErrors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { describeService } from "./ecsService.ts";
import { namesOf } from "./taskDefinitionInput.ts";

/** Not healthy yet: look again in one ALB health check interval. */
const pending = (reason: string) =>
  new HealthPendingError(reason, PENDING_WAITS.serviceHealth.retryAfterSeconds);

/**
 * Healthy (asked once the decider saw the install end) = the service is steady (one PRIMARY deployment, rollout COMPLETED, every wanted
 * task running), the ALB sees as many healthy targets, and WordPress answers 200 at the
 * tenant's URL. Anything short of that is HealthPendingError: a look again in one ALB health
 * check interval, until the decider's deadline; a rollout the circuit breaker declared FAILED
 * will not heal by waiting.
 */
export async function checkEcsHealth(
  rt: EcsRuntime,
  instance: InstanceRef,
  input: { url: string; targetGroupRef: string },
): Promise<{ url: string; httpStatus: number }> {
  const service = await describeService(rt, instance);
  if (!service) throw pending(`service ${namesOf(instance).ecsService} not found yet`);
  const unsteady = unsteadyReason(service);
  if (unsteady) throw pending(unsteady);
  const wanted = service.desiredCount ?? 0;
  const targets = await targetStates(rt, input.targetGroupRef);
  const healthy = targets.filter((target) => target.state === "healthy").length;
  if (healthy < wanted) {
    const others = targets.filter((target) => target.state !== "healthy").map(describeTarget);
    throw pending(`${healthy} of ${wanted} targets healthy${others.length ? ` (${others.join(", ")})` : ""}`);
  }
  const { url } = input;
  let httpStatus: number;
  try {
    httpStatus = (await rt.httpGet(url)).status;
  } catch (error) {
    throw pending(`${url} did not answer: ${errorMessage(error)}`);
  }
  if (httpStatus !== 200) throw pending(`WordPress answered ${httpStatus} at ${url}`);
  return { url, httpStatus };
}

function unsteadyReason(service: Service): string | null {
  const deployments = service.deployments ?? [];
  const failed = deployments.find((deployment) => deployment.rolloutState === "FAILED");
  if (failed)
    throw new ComputeError(
      "COMPUTE.DEPLOYMENT_FAILED",
      `deployment of ${failed.taskDefinition} failed: ${failed.rolloutStateReason ?? "circuit breaker tripped"}`,
      { retryable: false },
    );
  const wanted = service.desiredCount ?? 0;
  if (wanted === 0) return "the service is scaled to 0 tasks";
  const [primary] = deployments;
  if (deployments.length !== 1 || primary?.status !== "PRIMARY")
    return `${deployments.length} deployments in progress`;
  if ((primary.runningCount ?? 0) !== wanted)
    return `${primary.runningCount ?? 0} of ${wanted} tasks running (${primary.pendingCount ?? 0} pending)`;
  if (primary.rolloutState && primary.rolloutState !== "COMPLETED")
    return `rollout ${primary.rolloutState}${primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : ""}`;
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
