import { GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import {
  type Environment,
  type HealthCheckTarget,
  type ResourceDriftCheck,
  resourceNames,
} from "@bbws/contracts";
import { errorName } from "./awsErrors.ts";
import type { TenantServiceDescriber } from "./createTenantServiceDescriber.ts";

const ECS_SERVICE = "compute:ecs-service";
const TASK_ROLE = "compute:task-role";

export interface EcsServiceDriftCheckDeps {
  readonly describe: TenantServiceDescriber;
  /** IAM in the environment's account (the accounts map's client), for the tenant's task role. */
  readonly iamFor: (environment: Environment) => Pick<IAMClient, "send">;
}

/**
 * Compute's share of the AWS drift part, both at once:
 * - the tenant's ECS service exists, read from the same DescribeServices answer as the `service`
 *   part (createTenantServiceDescriber). ECS answers a deleted service as INACTIVE (for a while)
 *   or as a `failures` entry with reason MISSING; an answer with neither the service nor that
 *   failure rejects (the part's error, not drift);
 * - the tenant's task role `wp-{tenantId}-{env}-task` (resourceNames) exists: IAM GetRole by
 *   name, NoSuchEntity is drift. Its name is not among the outputs: compute makes it from the
 *   tenant and environment, as this check does.
 */
export function createEcsServiceDriftCheck(deps: EcsServiceDriftCheckDeps): ResourceDriftCheck {
  async function serviceGone(target: HealthCheckTarget, signal: AbortSignal): Promise<boolean> {
    const { services = [], failures = [] } = await deps.describe(target, signal);
    const [service] = services;
    if (service) return service.status === "INACTIVE";
    if (failures.some((failure) => failure.reason === "MISSING")) return true;
    const reasons = failures.map((failure) => failure.reason ?? "?").join(", ");
    throw new Error(`DescribeServices answered no service${reasons ? ` (failures: ${reasons})` : ""}`);
  }

  async function roleGone(target: HealthCheckTarget, signal: AbortSignal): Promise<boolean> {
    const RoleName = resourceNames(target.tenantId, target.environment).taskRole;
    try {
      await deps.iamFor(target.environment).send(new GetRoleCommand({ RoleName }), { abortSignal: signal });
      return false;
    } catch (error) {
      if (errorName(error) === "NoSuchEntityException" || errorName(error) === "NoSuchEntity") return true;
      throw error;
    }
  }

  return {
    kinds: [ECS_SERVICE, TASK_ROLE],
    async missing(target, signal) {
      if (!target.outputs.compute) return [];
      const [service, role] = await Promise.all([serviceGone(target, signal), roleGone(target, signal)]);
      return [...(service ? [ECS_SERVICE] : []), ...(role ? [TASK_ROLE] : [])];
    },
  };
}
