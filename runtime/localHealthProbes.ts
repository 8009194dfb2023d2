import { createLocalComputeHealthProbe } from "@bbws/compute";
import type { HealthProbe } from "@bbws/contracts";
import { createDriftProbe } from "@bbws/mesh";
import { createHttpSiteHealthProbe, createLocalRouteHealthProbe } from "@bbws/routing";
import { createLocalInventories, type LocalInventoryInput } from "./localInventories.ts";

/**
 * The live check's parts on this machine (docs/architecture.md, "Health"): the php process
 * group, the proxy's route, the site's answer through the proxy, and drift over the same
 * inventories as the orphan scan. The kinds are what every live local instance has; a php
 * group that died is the process part's finding, not drift.
 */
export function createLocalHealthProbes(input: LocalInventoryInput): HealthProbe[] {
  const inventories = createLocalInventories(input);
  return [
    createLocalComputeHealthProbe(input.compute),
    createLocalRouteHealthProbe(input.targetGroups),
    createHttpSiteHealthProbe(),
    createDriftProbe([
      { inventory: inventories.identity, kinds: ["user-pool"] },
      { inventory: inventories.storage, kinds: ["database", "database-user", "content-dir", "secret"] },
      { inventory: inventories.routing, kinds: ["route"] },
      { inventory: inventories.compute, kinds: ["registry-entry"] },
    ]),
  ];
}
