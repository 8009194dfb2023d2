import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import { type Environment, type HealthCheckTarget, resourceNames } from "@bbws/contracts";

export interface EcsServiceHealthProbeDeps {
  /** The ECS client of the environment's account (the accounts map). */
  readonly ecsFor: (environment: Environment) => Pick<ECSClient, "send">;
  readonly cluster: string;
}

/** DescribeServices of the target's tenant service. */
export type TenantServiceDescriber = (
  target: HealthCheckTarget,
  signal: AbortSignal,
) => Promise<DescribeServicesCommandOutput>;

/**
 * One DescribeServices per live check, however many parts read it: the `service` part and the
 * drift part start together (runHealthProbes) with the same target, so the second asks while the
 * first call is in flight and shares its answer (and its signal: both parts have the same budget).
 * Nothing is kept once the call settles: the next check asks again.
 */
export function createTenantServiceDescriber(deps: EcsServiceHealthProbeDeps): TenantServiceDescriber {
  const inFlight = new WeakMap<HealthCheckTarget, Promise<DescribeServicesCommandOutput>>();
  return (target, signal) => {
    const pending = inFlight.get(target);
    if (pending) return pending;
    const name = resourceNames(target.tenantId, target.environment).ecsService;
    const asked = deps
      .ecsFor(target.environment)
      .send(new DescribeServicesCommand({ cluster: deps.cluster, services: [name] }), { abortSignal: signal })
      .finally(() => inFlight.delete(target));
    inFlight.set(target, asked);
    return asked;
  };
}
