import type { ResourceDriftCheck } from "@bbws/contracts";
import type { TenantServiceDescriber } from "./createTenantServiceDescriber.ts";

const ECS_SERVICE = "compute:ecs-service";

/**
 * Compute's share of the AWS drift part: the tenant's ECS service exists, read from the same
 * DescribeServices answer as the `service` part (createTenantServiceDescriber). ECS answers a
 * deleted service as INACTIVE (for a while) or as a `failures` entry with reason MISSING; an
 * answer with neither the service nor that failure rejects (the part's error, not drift).
 */
export function createEcsServiceDriftCheck(deps: {
  readonly describe: TenantServiceDescriber;
}): ResourceDriftCheck {
  return {
    kinds: [ECS_SERVICE],
    async missing(target, signal) {
      if (!target.outputs.compute) return [];
      const { services = [], failures = [] } = await deps.describe(target, signal);
      const [service] = services;
      if (service) return service.status === "INACTIVE" ? [ECS_SERVICE] : [];
      if (failures.some((failure) => failure.reason === "MISSING")) return [ECS_SERVICE];
      const reasons = failures.map((failure) => failure.reason ?? "?").join(", ");
      throw new Error(`DescribeServices answered no service${reasons ? ` (failures: ${reasons})` : ""}`);
    },
  };
}
