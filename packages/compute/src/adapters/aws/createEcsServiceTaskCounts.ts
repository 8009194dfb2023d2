import { DescribeServicesCommand, type ECSClient } from "@aws-sdk/client-ecs";
import { type Environment, resourceNames } from "@bbws/contracts";

/**
 * Running and desired tasks of a tenant's service now: one DescribeServices in the environment's
 * account. A task-stopped event does not say how many still run; the ledger's ECS events
 * consumer asks this. null when the service is gone (missing or INACTIVE).
 */
export function createEcsServiceTaskCounts(deps: {
  readonly ecsFor: (environment: Environment) => Pick<ECSClient, "send">;
  readonly cluster: string;
}) {
  return async (owner: {
    tenantId: string;
    environment: Environment;
  }): Promise<{ running: number; desired: number } | null> => {
    const name = resourceNames(owner.tenantId, owner.environment).ecsService;
    const { services } = await deps
      .ecsFor(owner.environment)
      .send(new DescribeServicesCommand({ cluster: deps.cluster, services: [name] }));
    const service = services?.[0];
    if (!service || service.status === "INACTIVE") return null;
    return { running: service.runningCount ?? 0, desired: service.desiredCount ?? 0 };
  };
}
