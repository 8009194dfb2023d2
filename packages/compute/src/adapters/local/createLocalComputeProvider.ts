import { join, posix } from "node:path";
import { type ComputeOutputs, type InstanceRef, resourceNames } from "@bbws/contracts";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import type { ComputeProvider, ComputeRequest, LogPage, LogQuery } from "../../ports.ts";
import { probe } from "./httpProbe.ts";
import {
  checkedTenantId,
  createLocalComputeContext,
  type LocalComputeOptions,
} from "./localComputeContext.ts";
import { groupMembers, groupPssKiB } from "./processGroups.ts";
import { cpuSecondsOf } from "./procStat.ts";
import { readPhpLog } from "./readPhpLog.ts";
import { createTenantLifecycle, type RecoveryReport } from "./tenantLifecycle.ts";
import { createTenantProcesses } from "./tenantProcesses.ts";
import type { TenantEntry } from "./tenantRegistry.ts";

export const LOCAL_HEALTH_PATH = "/bbws-health";

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
  const { registry, lock } = context;

  const outputsOf = (entry: TenantEntry): ComputeOutputs => {
    const names = resourceNames(entry.tenantId, entry.environment);
    return {
      serviceRef: names.ecsService,
      taskDefinitionRef: `${names.taskDefinitionFamily}:${entry.revision}`,
      desiredCount: entry.desiredCount,
    };
  };

  /** The tenant's entry, when it is this instance's: another instance's compute is never touched. */
  function entryOf(instance: InstanceRef): TenantEntry {
    const entry = registry.get(checkedTenantId(instance.tenantId));
    if (entry?.instanceId === instance.instanceId) return entry;
    throw new ComputeError("COMPUTE.NOT_FOUND", `no local compute for instance ${instance.instanceId}`, {
      retryable: false,
    });
  }

  /** One operation at a time per tenant; `change` gets the current entry. */
  const withEntry = async (instance: InstanceRef, change: (entry: TenantEntry) => Promise<TenantEntry>) =>
    lock.run(instance.tenantId, async () => outputsOf(await change(entryOf(instance))));

  async function checkHealth(instance: InstanceRef) {
    const entry = entryOf(instance);
    if (entry.state !== "running") throw new HealthPendingError("the instance is suspended");
    if (!processes.isAlive(entry)) throw new HealthPendingError("no PHP process is running");
    const url = new URL(entry.url);
    for (const path of [LOCAL_HEALTH_PATH, "/"]) {
      const answer = await probe({ port: entry.port, path, url, timeoutMs: context.probeTimeoutMs }).catch(
        (error: unknown) => {
          throw new HealthPendingError(`${path}: ${(error as Error).message}`);
        },
      );
      if (answer.status !== 200) throw new HealthPendingError(`${path} answered ${answer.status}`);
    }
    return { url: entry.url, httpStatus: 200 };
  }

  return {
    ensureCompute: async (instance: InstanceRef, request: ComputeRequest) =>
      lock.run(checkedTenantId(instance.tenantId), async () =>
        outputsOf(await lifecycle.ensure(instance, request, contentDirOf(options.efsRoot, request))),
      ),
    checkHealth,
    suspend: (instance) =>
      withEntry(instance, async (entry) => {
        await processes.stop(entry);
        return registry.update(entry.tenantId, { state: "stopped", pgid: null });
      }),
    resume: (instance, remembered) =>
      withEntry(instance, async (entry) => {
        context.prepareHost();
        const { desiredCount } = remembered;
        const wanted =
          entry.desiredCount === desiredCount ? entry : registry.update(entry.tenantId, { desiredCount });
        return processes.ensureRunning(wanted);
      }),
    scale: (instance, change) =>
      withEntry(instance, (entry) =>
        lifecycle.restartWith(entry, { desiredCount: change.desiredCount, size: change.size ?? entry.size }),
      ),
    updateImage: (instance, wordpress) =>
      withEntry(instance, (entry) => {
        const same =
          entry.wordpress.version === wordpress.version && entry.wordpress.image === wordpress.image;
        return lifecycle.restartWith(entry, same ? {} : { wordpress, revision: entry.revision + 1 });
      }),
    restart: (instance) => withEntry(instance, (entry) => lifecycle.restartWith(entry, {})),
    releaseCompute: async (instance) =>
      lock.run(checkedTenantId(instance.tenantId), async () => {
        const entry = registry.get(instance.tenantId);
        if (entry && entry.instanceId !== instance.instanceId) return [];
        await lifecycle.release(instance.tenantId, entry);
        return entry ? [outputsOf(entry).serviceRef] : [];
      }),
    async readLogs(instance, query) {
      return readPhpLog(context.paths.logFile(entryOf(instance).tenantId), query);
    },
    adoptOrRestart: () => lifecycle.adoptOrRestart(),
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

/** Storage's content directory for the tenant; its root must be a plain absolute path. */
function contentDirOf(efsRoot: string, request: ComputeRequest): string {
  const root = request.storage.rootDirectory;
  if (posix.normalize(root) !== root || root.split("/").includes(".."))
    throw new ComputeError("COMPUTE.INVALID_CONTENT_ROOT", `invalid rootDirectory ${root}`, {
      retryable: false,
    });
  return join(efsRoot, root);
}
