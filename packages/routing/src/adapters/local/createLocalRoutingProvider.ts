import { type InstanceRef, type RoutingOutputs, resourceNames } from "@bbws/contracts";
import type { LocalTargetGroup, LocalTargetGroups } from "@bbws/mesh";
import { RoutingError } from "../../domain/errors.ts";
import type { RoutingProvider } from "../../ports.ts";

export interface LocalRoutingProviderOptions {
  /** The table the reverse proxy routes by (createLocalTargetGroups from @bbws/mesh). */
  readonly targetGroups: LocalTargetGroups;
  /** The port the local reverse proxy listens on, for the tenant URL. */
  readonly proxyPort: number;
}

/**
 * A tenant's route locally: one entry of the local target groups, keyed by the target group
 * name, holding the host rule `{tenantId}.localhost` and the maintenance switch. Compute
 * registers the tenant's PHP server as a target of the same entry. `spec.hostname` (the
 * public name) is not used: locally a tenant is always served at `{tenantId}.localhost`,
 * which browsers and curl resolve to 127.0.0.1 without any DNS set-up.
 */
export function createLocalRoutingProvider(options: LocalRoutingProviderOptions): RoutingProvider {
  const { targetGroups, proxyPort } = options;
  const nameOf = (instance: InstanceRef) =>
    resourceNames(instance.tenantId, instance.environment).targetGroup;
  const hostnameOf = (instance: InstanceRef) => `${instance.tenantId}.localhost`;

  function owned(instance: InstanceRef): LocalTargetGroup | null {
    const group = targetGroups.get(nameOf(instance));
    return group && group.instanceId === instance.instanceId ? group : null;
  }

  function assertFree(instance: InstanceRef): LocalTargetGroup | undefined {
    const hostname = hostnameOf(instance);
    const taken = [targetGroups.get(nameOf(instance)), targetGroups.byHostname(hostname)].find(
      (group) => group !== undefined && group.instanceId !== instance.instanceId,
    );
    if (taken)
      throw new RoutingError(
        "ROUTING.TARGET_GROUP_TAKEN",
        `${taken.name} (${taken.hostname}) belongs to instance ${taken.instanceId}; release it first`,
        { retryable: false },
      );
    return targetGroups.get(nameOf(instance));
  }

  function setMaintenance(instance: InstanceRef, maintenance: boolean): void {
    const group = owned(instance);
    if (!group)
      throw new RoutingError(
        "ROUTING.ROUTE_NOT_FOUND",
        `no local route for instance ${instance.instanceId}`,
        {
          retryable: false,
        },
      );
    if (group.maintenance !== maintenance) targetGroups.setMaintenance(group.name, maintenance);
  }

  return {
    async ensureRoute(instance) {
      const existing = assertFree(instance);
      const hostname = hostnameOf(instance);
      // A repeat keeps registered targets (upsert does) and the maintenance switch.
      const group = targetGroups.upsert({
        name: nameOf(instance),
        hostname,
        instanceId: instance.instanceId,
        maintenance: existing?.maintenance ?? false,
      });
      return {
        targetGroupRef: group.name,
        listenerRuleRef: `local-rule:${hostname}`,
        hostname,
        url: `http://${hostname}:${proxyPort}/`,
      } satisfies RoutingOutputs;
    },
    async releaseRoute(instance) {
      const group = owned(instance);
      return group && targetGroups.remove(group.name) ? [group.name] : [];
    },
    async suspendRoute(instance) {
      setMaintenance(instance, true);
    },
    async resumeRoute(instance) {
      setMaintenance(instance, false);
    },
  };
}
