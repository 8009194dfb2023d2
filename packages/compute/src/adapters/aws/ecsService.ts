import {
  DescribeServicesCommand,
  type Service,
  UpdateServiceCommand,
  type UpdateServiceCommandInput,
} from "@aws-sdk/client-ecs";
import type { InstanceRef, LookPhase } from "@bbws/contracts";
import { acquireLaunches } from "./ecsComputeConfig.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import { namesOf } from "./taskDefinitionInput.ts";

/** The tenant's service, or null when it does not exist or is deleted (INACTIVE). */
export async function describeService(rt: EcsRuntime, instance: InstanceRef): Promise<Service | null> {
  const { services } = await rt.deps.ecs.send(
    new DescribeServicesCommand({
      cluster: rt.config.cluster,
      services: [namesOf(instance).ecsService],
      include: ["TAGS"],
    }),
  );
  const service = services?.[0];
  return service && service.status !== "INACTIVE" ? service : null;
}

/** UpdateService behind the launch limiter: `launches` is how many tasks the change may start. */
export async function updateService(
  rt: EcsRuntime,
  instance: InstanceRef,
  change: Omit<UpdateServiceCommandInput, "cluster" | "service">,
  launches: number,
): Promise<Service | undefined> {
  await acquireLaunches(rt.deps.limiter, launches);
  const { service } = await rt.deps.ecs.send(
    new UpdateServiceCommand({
      cluster: rt.config.cluster,
      service: namesOf(instance).ecsService,
      ...change,
    }),
  );
  return service;
}

export type RolloutOutcome =
  | { readonly kind: "completed" }
  | { readonly kind: "in-progress"; readonly reason: string; readonly phase: LookPhase }
  | { readonly kind: "failed"; readonly reason: string; readonly runningTaskDefinition?: string };

/**
 * Where the deployment of `target` stands. The circuit breaker marks a failed deployment
 * FAILED and starts a rollback to the last completed revision; once the rollback is done the
 * failed deployment is gone, so a target missing from the deployments also means rolled back.
 */
export function rolloutOutcome(service: Service, target: string): RolloutOutcome {
  const deployments = service.deployments ?? [];
  const primary = deployments.find((deployment) => deployment.status === "PRIMARY");
  const mine = deployments.find((deployment) => deployment.taskDefinition === target);
  const running = primary?.taskDefinition;
  if (!mine || mine.rolloutState === "FAILED") {
    const why = mine?.rolloutStateReason ?? `the service runs ${running ?? "no revision"}`;
    return {
      kind: "failed",
      reason: `deployment of ${target} failed and was rolled back: ${why}`,
      ...(running && running !== target ? { runningTaskDefinition: running } : {}),
    };
  }
  // Services without the ECS deployment controller's rolloutState settle when every task runs.
  const settled = mine.rolloutState
    ? mine.rolloutState === "COMPLETED"
    : mine.runningCount === mine.desiredCount;
  const alone = mine === primary && deployments.length === 1;
  if (alone && settled) return { kind: "completed" };
  // Tasks still starting, or the old ones draining (the deregistration delay): far. Only the new
  // deployment left with every task running: ECS marks it COMPLETED within seconds.
  const allRunning = (mine.runningCount ?? 0) >= (mine.desiredCount ?? 0);
  return {
    kind: "in-progress",
    phase: alone && allRunning ? "near" : "far",
    reason: `deployment of ${target}: ${mine.runningCount ?? 0}/${mine.desiredCount ?? 0} tasks running, rollout ${mine.rolloutState ?? "unknown"}, ${deployments.length} deployment(s)`,
  };
}
