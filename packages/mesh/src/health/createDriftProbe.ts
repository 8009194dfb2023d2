import type { HealthProbe, OwnedResource, ResourceInventory } from "@bbws/contracts";

/** A service's inventory and the kinds of resource every live instance of it has. */
export interface ExpectedResources {
  readonly inventory: Pick<ResourceInventory, "service" | "list">;
  /** e.g. storage: `database`, `database-user`, `content-dir` locally; `access-point` on AWS. */
  readonly kinds: readonly string[];
}

/**
 * Drift: each kind of resource the services created for the instance still exists. Reads the
 * same inventories as the orphan scan (what really exists, by tag or by name); a missing one is
 * named `service:kind` and makes the instance DEGRADED. Repairing it is an operator's action
 * (docs/operations.md), never done here. A resource listed for another instance of the tenant
 * does not count as this one's.
 */
export function createDriftProbe(expected: readonly ExpectedResources[]): HealthProbe {
  return {
    part: "drift",
    async check(target) {
      const listed = await Promise.all(expected.map(({ inventory }) => inventory.list()));
      const missing = expected.flatMap(({ inventory, kinds }, index) => {
        const found = (listed[index] ?? []).filter((resource) => isTargets(resource, target));
        return kinds
          .filter((kind) => !found.some((resource) => resource.kind === kind))
          .map((kind) => `${inventory.service}:${kind}`);
      });
      if (missing.length === 0) {
        const count = expected.reduce((sum, { kinds }) => sum + kinds.length, 0);
        return { outcome: "pass", detail: `all ${count} recorded kinds of resource exist` };
      }
      return { outcome: "warn", detail: `missing: ${missing.join(", ")}`, drift: missing };
    },
  };
}

function isTargets(resource: OwnedResource, target: { tenantId: string; instanceId: string }): boolean {
  if (resource.tenantId !== target.tenantId) return false;
  return resource.instanceId === undefined || resource.instanceId === target.instanceId;
}
