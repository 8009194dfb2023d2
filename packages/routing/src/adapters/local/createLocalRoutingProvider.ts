import { type InstanceRef, resourceNames } from "@bbws/contracts";
import type { LocalTargetGroup, LocalTargetGroups } from "@bbws/local-cloud";
import { RoutingError } from "../../domain/errors.ts";
import type { RoutingProvider } from "../../ports.ts";

const LOCAL_PROXY = "local-proxy";

export interface LocalRoutingProviderOptions {
  /** The table the reverse proxy routes by (createLocalTargetGroups from @bbws/local-cloud). */
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
    if (!group) throw routeNotFound(instance);
    if (group.maintenance !== maintenance) targetGroups.setMaintenance(group.name, maintenance);
  }

  return {
    async claimSlot(instance) {
      assertFree(instance);
      // One proxy, one "listener": a local route needs no priority of its own.
      return { loadBalancerArn: LOCAL_PROXY, listenerArn: `${LOCAL_PROXY}:${proxyPort}`, priority: 0 };
    },
    async ensureTargetGroup(instance) {
      const existing = assertFree(instance);
      // The entry is the target group and its host rule at once. A repeat keeps registered
      // targets (upsert does) and the maintenance switch.
      const group = targetGroups.upsert({
        name: nameOf(instance),
        hostname: hostnameOf(instance),
        instanceId: instance.instanceId,
        maintenance: existing?.maintenance ?? false,
      });
      return group.name;
    },
    async ensureRule(instance) {
      if (!owned(instance)) throw routeNotFound(instance);
      return `local-rule:${hostnameOf(instance)}`;
    },
    async ensureAddress(instance) {
      // `{tenantId}.localhost` resolves to 127.0.0.1 everywhere: no record to write.
      const hostname = hostnameOf(instance);
      return { hostname, url: `http://${hostname}:${proxyPort}/` };
    },
    deleteAddress: async () => [],
    deleteRule: async () => [],
    freeSlot: async () => [],
    async deleteTargetGroup(instance) {
      const group = owned(instance);
      return group && targetGroups.remove(group.name) ? [group.name] : [];
    },
    async serveMaintenance(instance) {
      setMaintenance(instance, true);
    },
    async forward(instance) {
      setMaintenance(instance, false);
    },
  };
}

function routeNotFound(instance: InstanceRef): RoutingError {
  return new RoutingError("ROUTING.ROUTE_NOT_FOUND", `no local route for instance ${instance.instanceId}`, {
    retryable: false,
  });
}
