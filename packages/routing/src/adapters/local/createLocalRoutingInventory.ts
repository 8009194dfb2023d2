import {
  InstanceIdSchema,
  type OwnedResource,
  parseTargetGroupName,
  type ResourceInventory,
} from "@bbws/contracts";
import type { LocalTargetGroup, LocalTargetGroups } from "@bbws/local-cloud";
import { RoutingError } from "../../domain/errors.ts";

export const LOCAL_ROUTE_KIND = "route";

/** `tg-{tenantId}-{env}`: the tenantId holds no `-`, so the last `-` ends it. */

/**
 * The orphan scan's view of local routing: every entry of the local target groups file
 * (the reverse proxy's routes). Each entry names its instance; names that are not ours
 * (`tg-{tenantId}-{env}` with a valid tenantId) are left out.
 */
export function createLocalRoutingInventory(options: { targetGroups: LocalTargetGroups }): ResourceInventory {
  const { targetGroups } = options;
  return {
    service: "routing",
    async list() {
      return targetGroups.list().flatMap((group) => {
        const resource = routeOf(group);
        return resource ? [resource] : [];
      });
    },
    async remove(resource) {
      const group = targetGroups.get(resource.id);
      if (!group) return [];
      // Listed as one instance's, now another's: a new instance took the name since the scan.
      if (resource.instanceId && group.instanceId !== resource.instanceId)
        throw new RoutingError(
          "ROUTING.TARGET_GROUP_TAKEN",
          `${group.name} now belongs to instance ${group.instanceId}; left in place`,
          { retryable: false },
        );
      return targetGroups.remove(group.name) ? [`route:${group.name} (${group.hostname})`] : [];
    },
  };
}

function routeOf(group: LocalTargetGroup): OwnedResource | undefined {
  const owner = parseTargetGroupName(group.name);
  if (!owner) return undefined;
  const instanceId = InstanceIdSchema.safeParse(group.instanceId);
  return {
    service: "routing",
    kind: LOCAL_ROUTE_KIND,
    id: group.name,
    ...owner,
    ...(instanceId.success ? { instanceId: instanceId.data } : {}),
  };
}
