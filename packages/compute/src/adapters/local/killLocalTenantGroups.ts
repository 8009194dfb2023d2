import { join, sep } from "node:path";
import { TENANT_CONFIG_VARIABLE } from "./phpServer.ts";
import { groupsByEnvironment, killGroupNow } from "./processGroups.ts";

/** Where compute keeps its registry and tenants' configs under the stack's data dir. */
export function computeDirIn(dataDir: string): string {
  return join(dataDir, "compute");
}

/** Every live php group serving a config under `computeDir`: config file -> pgids. */
export function tenantGroupsUnder(computeDir: string): Map<string, number[]> {
  const prefix = `${computeDir}${sep}`;
  return groupsByEnvironment(TENANT_CONFIG_VARIABLE, (value) => value.startsWith(prefix));
}

/**
 * SIGKILL, synchronously, every tenant's php group of the stack on `dataDir`; returns the pgids.
 * The last resort of a stack that has to exit now (a second Ctrl-C, a hung shutdown, an exit
 * hook): it needs no provider (a signal may come before one exists) and no event loop turn.
 * Found through /proc, so neither a stale registry nor a crash between spawn and record hides one.
 */
export function killLocalTenantGroups(dataDir: string): number[] {
  const pgids = [...tenantGroupsUnder(computeDirIn(dataDir)).values()].flat();
  for (const pgid of pgids) killGroupNow(pgid);
  return pgids;
}
