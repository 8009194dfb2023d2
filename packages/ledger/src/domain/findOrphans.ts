import type { Environment, InstanceState, Orphan, OwnedResource } from "@bbws/contracts";

/** What the orphan scan needs to know of each instance in the ledger. */
export interface InstanceSummary {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: Environment;
  readonly state: InstanceState;
}

/**
 * The instances whose resources may go: nothing of theirs is needed any more. Every other
 * state (provisioning, active, suspended, rolling back, being deprovisioned) still owns its
 * resources, so they are never orphans: the saga in flight releases them itself.
 */
const FINISHED: ReadonlySet<InstanceState> = new Set(["DEPROVISIONED", "FAILED"]);

/**
 * HLD §5.4: a resource is an orphan when it belongs to no instance in the ledger, or every
 * instance it belongs to is DEPROVISIONED or FAILED. A resource naming its instance belongs to
 * that one; otherwise to the tenant's instances in its environment (any, when not known).
 */
export function findOrphans(
  resources: readonly OwnedResource[],
  instances: readonly InstanceSummary[],
): Orphan[] {
  const orphans: Orphan[] = [];
  for (const resource of resources) {
    const reason = orphanReason(resource, ownersOf(resource, instances));
    if (reason) orphans.push({ ...resource, reason });
  }
  return orphans;
}

function ownersOf(resource: OwnedResource, instances: readonly InstanceSummary[]): InstanceSummary[] {
  if (resource.instanceId) return instances.filter((instance) => instance.instanceId === resource.instanceId);
  return instances.filter(
    (instance) =>
      instance.tenantId === resource.tenantId &&
      (resource.environment === undefined || instance.environment === resource.environment),
  );
}

/** Why the resource is an orphan, in an operator's words; undefined when a live instance owns it. */
function orphanReason(resource: OwnedResource, owners: readonly InstanceSummary[]): string | undefined {
  if (owners.some((owner) => !FINISHED.has(owner.state))) return undefined;
  const where = resource.environment ? ` in ${resource.environment}` : "";
  if (resource.instanceId) {
    const [owner] = owners;
    return owner
      ? `its instance ${owner.instanceId} is ${owner.state}`
      : `its instance ${resource.instanceId} is not in the ledger`;
  }
  if (owners.length === 0) return `tenant ${resource.tenantId} has no instance${where} in the ledger`;
  const list = owners.map((owner) => `${owner.instanceId} (${owner.state})`).join(", ");
  return `every instance of tenant ${resource.tenantId}${where} is DEPROVISIONED or FAILED: ${list}`;
}
