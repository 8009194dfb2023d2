import type { InstanceRef } from "@bbws/contracts";
import type { ComputeProvider, LogPage, LogQuery } from "../../ports.ts";
import {
  createLocalSupervisor,
  type LocalSupervisor,
  type LocalSupervisorDeps,
} from "./createLocalSupervisor.ts";
import {
  checkedTenantId,
  createLocalComputeContext,
  type LocalComputeOptions,
} from "./localComputeContext.ts";
import { createLocalComputeSteps, instanceEntry } from "./localComputeSteps.ts";
import { groupMembers, groupPssKiB } from "./processGroups.ts";
import { cpuSecondsOf } from "./procStat.ts";
import { readPhpLog } from "./readPhpLog.ts";
import { createTenantLifecycle, type RecoveryReport } from "./tenantLifecycle.ts";
import { createTenantProcesses } from "./tenantProcesses.ts";

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
  /** The ECS-like supervisor of the tenants' php (restarts with backoff, reports stops); under this provider's locks. */
  supervise(deps: LocalSupervisorDeps): LocalSupervisor;
}

export interface LocalComputeUsage {
  readonly cpuSeconds: number;
  readonly memoryBytes: number;
  readonly processes: number;
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
    usage(instance) {
      const entry = registry.get(checkedTenantId(instance.tenantId));
      if (entry?.instanceId !== instance.instanceId) return null;
      const pgids = processes.groupsOf(entry.tenantId);
      const pids = pgids.flatMap((pgid) => groupMembers(pgid));
      if (pids.length === 0) return null;
      const pssKiB = pgids.reduce((sum, pgid) => sum + groupPssKiB(pgid), 0);
      return { cpuSeconds: cpuSecondsOf(pids), memoryBytes: pssKiB * 1024, processes: pids.length };
    },
  };
}
