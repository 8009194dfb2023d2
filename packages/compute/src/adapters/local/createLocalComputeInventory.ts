import { basename, dirname, sep } from "node:path";
import {
  InstanceIdSchema,
  type OwnedResource,
  type ResourceInventory,
  TenantIdSchema,
} from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import {
  checkedTenantId,
  createLocalComputeContext,
  type LocalComputeOptions,
} from "./localComputeContext.ts";
import { TENANT_CONFIG_VARIABLE } from "./phpServer.ts";
import { groupCarries, groupsByEnvironment } from "./processGroups.ts";
import { createTenantLifecycle } from "./tenantLifecycle.ts";
import { createTenantProcesses } from "./tenantProcesses.ts";
import type { TenantEntry } from "./tenantRegistry.ts";

export const PROCESS_GROUP_KIND = "process-group";
export const REGISTRY_ENTRY_KIND = "registry-entry";

/**
 * The orphan scan's view of local compute, over what really runs: every php -S process group
 * serving a tenant config under `<dataDir>/compute/` (read from /proc, so a group no entry
 * names is found too) and every registry entry. Ids: `{tenantId}:{pgid}` and `{tenantId}`.
 * Takes the provider's options; removal uses the provider's own stop and release paths.
 */
export function createLocalComputeInventory(options: LocalComputeOptions): ResourceInventory {
  const context = createLocalComputeContext(options);
  const processes = createTenantProcesses(context);
  const lifecycle = createTenantLifecycle(context, processes);
  const { registry, paths } = context;

  function entryFields(entry: TenantEntry | undefined) {
    const instanceId = InstanceIdSchema.safeParse(entry?.instanceId);
    return {
      ...(entry ? { environment: entry.environment } : {}),
      ...(instanceId.success ? { instanceId: instanceId.data } : {}),
    };
  }

  function processGroups(): OwnedResource[] {
    const prefix = `${paths.computeDir}${sep}`;
    const groups = groupsByEnvironment(TENANT_CONFIG_VARIABLE, (value) => value.startsWith(prefix));
    return [...groups].flatMap(([configFile, pgids]) => {
      const tenantId = TenantIdSchema.safeParse(basename(dirname(configFile)));
      if (!tenantId.success || configFile !== paths.configFile(tenantId.data)) return [];
      const fields = entryFields(registry.get(tenantId.data));
      return pgids.map((pgid) => ({
        service: "compute" as const,
        kind: PROCESS_GROUP_KIND,
        id: `${tenantId.data}:${pgid}`,
        tenantId: tenantId.data,
        ...fields,
      }));
    });
  }

  function registryEntries(): OwnedResource[] {
    return registry.list().flatMap((entry) => {
      const tenantId = TenantIdSchema.safeParse(entry.tenantId);
      if (!tenantId.success) return [];
      const resource = { service: "compute" as const, kind: REGISTRY_ENTRY_KIND, id: tenantId.data };
      return [{ ...resource, tenantId: tenantId.data, ...entryFields(entry) }];
    });
  }

  /** Stops the group if it still serves the tenant's config: a recycled pgid is someone else's. */
  async function stopProcessGroup(resource: OwnedResource): Promise<string[]> {
    const [tenant = "", pgidText = ""] = resource.id.split(":");
    const tenantId = checkedTenantId(tenant);
    const pgid = Number(pgidText);
    if (!Number.isInteger(pgid) || pgid <= 1) throw invalid(resource);
    if (!groupCarries(pgid, TENANT_CONFIG_VARIABLE, paths.configFile(tenantId))) return [];
    await context.lock.run(tenantId, () => processes.killGroups([pgid]));
    return [`process-group:${pgid} (${tenantId})`];
  }

  /** The provider's release: deregister, stop every group of the tenant, its directory, the entry last. */
  async function removeEntry(resource: OwnedResource): Promise<string[]> {
    const tenantId = checkedTenantId(resource.id);
    const entry = registry.get(tenantId);
    if (!entry) return [];
    if (resource.instanceId && entry.instanceId !== resource.instanceId)
      throw new ComputeError(
        "COMPUTE.TENANT_TAKEN",
        `the registry entry of ${tenantId} now belongs to instance ${entry.instanceId}; left in place`,
        { retryable: false },
      );
    await context.lock.run(tenantId, () => lifecycle.release(tenantId, entry));
    return [`registry-entry:${tenantId}`, `directory:${paths.tenantDir(tenantId)}`];
  }

  return {
    service: "compute",
    async list() {
      return [...processGroups(), ...registryEntries()];
    },
    async remove(resource) {
      if (resource.kind === PROCESS_GROUP_KIND) return stopProcessGroup(resource);
      if (resource.kind === REGISTRY_ENTRY_KIND) return removeEntry(resource);
      throw invalid(resource);
    },
  };
}

function invalid(resource: OwnedResource): ComputeError {
  return new ComputeError(
    "COMPUTE.INVALID_TENANT",
    `not a local compute resource: ${resource.kind} ${JSON.stringify(resource.id)}`,
    { retryable: false },
  );
}
