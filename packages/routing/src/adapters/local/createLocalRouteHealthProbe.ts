import type { HealthProbe } from "@bbws/contracts";
import type { LocalTargetGroups } from "@bbws/local-cloud";

/**
 * The live check's `route` part locally, as the ALB's target health: the reverse proxy has a
 * route for the tenant's host, it is not in maintenance, and a target is registered in it.
 */
export function createLocalRouteHealthProbe(
  targetGroups: Pick<LocalTargetGroups, "byHostname">,
): HealthProbe {
  return {
    part: "route",
    async check(target) {
      const hostname = target.outputs.routing?.hostname;
      if (!hostname) return { outcome: "fail", detail: "the ledger recorded no hostname for the instance" };
      const group = targetGroups.byHostname(hostname);
      if (!group || group.instanceId !== target.instanceId)
        return { outcome: "fail", detail: `the proxy has no route for ${hostname}` };
      if (group.maintenance) return { outcome: "fail", detail: `${hostname} serves the maintenance page` };
      if (group.targets.length === 0)
        return { outcome: "fail", detail: `${hostname} has no target registered (the site is starting)` };
      return { outcome: "pass", detail: `${hostname} routes to ${group.targets.join(", ")}` };
    },
  };
}
