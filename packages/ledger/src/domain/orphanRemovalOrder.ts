import type { Orphan, Service } from "@bbws/contracts";

/** The release order of the saga (HLD): what points at a resource goes before the resource. */
const SERVICE_ORDER: readonly Service[] = ["routing", "compute", "identity", "storage"];

/**
 * Within a service: a listener rule before its target group, a service before its task
 * definition, processes before the entry that names them, a user before its database
 * (nobody writes into a database about to go), a pool before its secret. Kinds not listed
 * (an inventory's own) go last, in the order they were found.
 */
const KIND_ORDER: Readonly<Record<Service, readonly string[]>> = {
  routing: ["listener-rule", "route", "target-group"],
  compute: ["ecs-service", "process-group", "task-definition", "registry-entry"],
  identity: ["user-pool", "secret"],
  storage: [
    "access-point",
    "content-dir",
    "database-user",
    "database",
    "secret",
    "uid-claim",
    "storage-record",
  ],
};

function rank(orphan: Orphan): [number, number] {
  const kinds = KIND_ORDER[orphan.service];
  const kind = kinds.indexOf(orphan.kind);
  return [SERVICE_ORDER.indexOf(orphan.service), kind === -1 ? kinds.length : kind];
}

/** The orphans in the order they are removed: routing, compute, identity, storage. */
export function orphanRemovalOrder(orphans: readonly Orphan[]): Orphan[] {
  return [...orphans].sort((a, b) => {
    const [serviceA, kindA] = rank(a);
    const [serviceB, kindB] = rank(b);
    return serviceA - serviceB || kindA - kindB;
  });
}
