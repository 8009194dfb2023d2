import type { InstanceRef } from "@bbws/contracts";
import type { ComputeProvider, LogPage, LogQuery } from "../../ports.ts";
import {
  createLocalSupervisor,
  type LocalSupervisor,
  type LocalSupervisorDeps,
} from "./createLocalSupervisor.ts";
import { type LocalComputeUsage, usageByConfigFile } from "./groupUsage.ts";
import {
  checkedTenantId,
  createLocalComputeContext,
  type LocalComputeOptions,
} from "./localComputeContext.ts";
import { createLocalComputeSteps, instanceEntry } from "./localComputeSteps.ts";
import { groupPssKiB } from "./processGroups.ts";
import { readPhpLog } from "./readPhpLog.ts";
import { createTenantLifecycle, type RecoveryReport } from "./tenantLifecycle.ts";
import { createTenantProcesses } from "./tenantProcesses.ts";

export type { LocalComputeUsage } from "./groupUsage.ts";
export { LOCAL_HEALTH_PATH } from "./localComputeSteps.ts";

export interface LocalComputeProvider extends ComputeProvider {
  readLogs(instance: InstanceRef, query?: LogQuery): Promise<LogPage>;
  /** At stack start: re-adopt the groups still running, restart the ones that died, end orphans. */
  adoptOrRestart(): Promise<RecoveryReport>;
  /** At shutdown: no php process of ours is left; the registry keeps what should run. */
  stopAll(): Promise<void>;
  /** Proportional set size of the tenant's process group, in KiB. */
  memoryKiB(instance: InstanceRef): number;
  /**
   * What the instance's processes use now, for the metrics sampler: CPU seconds since
   * they started (a restart starts again from 0), PSS in bytes, and how many there are.
   * null when the instance has no running process (suspended, released, or not this one).
   */
  usage(instance: InstanceRef): LocalComputeUsage | null;
  /** `usage` of many instances from one pass over /proc: instance id -> usage, absent where `usage` is null. */
  usages(instances: readonly InstanceRef[]): Map<string, LocalComputeUsage>;
  /** The ECS-like supervisor of the tenants' php (restarts with backoff, reports stops); under this provider's locks. */
  supervise(deps: LocalSupervisorDeps): LocalSupervisor;
}

/**
 * ComputeProvider on one machine: per tenant a `php -S` process group serving
 * Debian's WordPress as the tenant's uid, registered in the tenant's local
 * target group; see the package README.
 */
export function createLocalComputeProvider(options: LocalComputeOptions): LocalComputeProvider {
  const context = createLocalComputeContext(options);
  const processes = createTenantProcesses(context);
  const lifecycle = createTenantLifecycle(context, processes);
  const { registry } = context;

  const entryOf = (instance: InstanceRef) => instanceEntry(registry, instance);

  /** Instance id -> usage, for the instances whose tenant compute runs for them (and no other). */
  function usages(instances: readonly InstanceRef[]): Map<string, LocalComputeUsage> {
    const entries = new Map(registry.list().map((entry) => [entry.tenantId, entry]));
    const instanceOf = new Map<string, string>(); // config file -> instance id
    for (const instance of instances) {
      const tenantId = checkedTenantId(instance.tenantId);
      if (entries.get(tenantId)?.instanceId === instance.instanceId)
        instanceOf.set(context.paths.configFile(tenantId), instance.instanceId);
    }
    const byConfigFile = usageByConfigFile(new Set(instanceOf.keys()));
    const found = new Map<string, LocalComputeUsage>();
    for (const [configFile, instanceId] of instanceOf) {
      const usage = byConfigFile.get(configFile);
      if (usage) found.set(instanceId, usage);
    }
    return found;
  }

  return {
    ...createLocalComputeSteps(context, processes, lifecycle),
    async readLogs(instance, query) {
      // Like a CloudWatch log group that does not exist yet (the API's AWS adapter): no lines.
      const entry = registry.get(checkedTenantId(instance.tenantId));
      if (entry?.instanceId !== instance.instanceId) return { events: [] };
      return readPhpLog(context.paths.logFile(entry.tenantId), query);
    },
    adoptOrRestart: () => lifecycle.adoptOrRestart(),
    supervise: (deps) => createLocalSupervisor(context, processes, deps),
    stopAll: () => lifecycle.stopAll(),
    memoryKiB: (instance) =>
      processes.groupsOf(entryOf(instance).tenantId).reduce((sum, pgid) => sum + groupPssKiB(pgid), 0),
    usage: (instance) => usages([instance]).get(instance.instanceId) ?? null,
    usages,
  };
}
