import type { Service } from "@aws-sdk/client-ecs";
import { type HealthProbe, type ProbeFinding, resourceNames } from "@bbws/contracts";
import {
  createTenantServiceDescriber,
  type EcsServiceHealthProbeDeps,
  type TenantServiceDescriber,
} from "./createTenantServiceDescriber.ts";

export type { EcsServiceHealthProbeDeps } from "./createTenantServiceDescriber.ts";

/**
 * The live check's `service` part on AWS: one DescribeServices of the tenant's service.
 * Running vs desired tasks, the deployments (a rollout in progress or FAILED), and the
 * service's last event, which is where ECS says why tasks stop or do not place.
 */
export function createEcsServiceHealthProbe(
  deps: EcsServiceHealthProbeDeps & { readonly describe?: TenantServiceDescriber },
): HealthProbe {
  const describe = deps.describe ?? createTenantServiceDescriber(deps);
  return {
    part: "service",
    async check(target, signal) {
      const name = resourceNames(target.tenantId, target.environment).ecsService;
      const { services } = await describe(target, signal);
      const service = services?.[0];
      if (!service || service.status === "INACTIVE")
        return { outcome: "fail", detail: `ECS service ${name} does not exist` };
      return judge(name, service);
    },
  };
}

function judge(name: string, service: Service): ProbeFinding {
  const desired = service.desiredCount ?? 0;
  const running = service.runningCount ?? 0;
  const lastEvent = service.events?.[0]?.message;
  const counts = `${running} of ${desired} tasks running`;
  const detail = (what: string) => `${name}: ${what}${lastEvent ? `; last event: ${lastEvent}` : ""}`;
  if (desired === 0) return { outcome: "fail", detail: detail("scaled to 0 tasks") };
  if (running === 0) return { outcome: "fail", detail: detail(counts) };
  if (running < desired) return { outcome: "warn", detail: detail(counts) };
  const deployments = service.deployments ?? [];
  const failed = deployments.find((deployment) => deployment.rolloutState === "FAILED");
  if (failed) return { outcome: "warn", detail: detail(`rollout of ${failed.taskDefinition ?? "?"} FAILED`) };
  if (deployments.length > 1)
    return { outcome: "warn", detail: detail(`${counts}, ${deployments.length} deployments in progress`) };
  return { outcome: "pass", detail: `${name}: ${counts}` };
}
