import { rmSync } from "node:fs";
import { basename, dirname } from "node:path";
import type { InstanceRef } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { tenantGroupsUnder } from "./killLocalTenantGroups.ts";
import type { LocalComputeContext } from "./localComputeContext.ts";
import {
  newSalts,
  readDatabaseCredentials,
  readIfExists,
  renderTenantConfig,
  writeTenantFile,
} from "./tenantConfig.ts";
import type { TenantProcesses } from "./tenantProcesses.ts";
import type { TenantEntry } from "./tenantRegistry.ts";
import { DEFAULT_THEME, installWordPress } from "./wordpressHost.ts";

export interface RecoveryReport {
  readonly adopted: string[];
  readonly restarted: string[];
  readonly failed: string[];
}

/** The multi-step operations of the local provider; callers hold the tenant's lock. */
export function createTenantLifecycle(context: LocalComputeContext, processes: TenantProcesses) {
  const { registry, paths } = context;

  /** The intent is recorded (port held, state stopped) before any file or process exists. */
  async function entryFor(instance: InstanceRef, request: ComputeRequest, contentDir: string) {
    const existing = registry.get(instance.tenantId);
    if (existing && existing.instanceId !== instance.instanceId)
      throw new ComputeError(
        "COMPUTE.TENANT_TAKEN",
        `tenant ${instance.tenantId} already runs instance ${existing.instanceId} here`,
        { retryable: false },
      );
    const { posixUid: uid, posixGid: gid } = request.storage;
    const url = request.routing.url;
    if (existing) return registry.update(instance.tenantId, { uid, gid, url, contentDir });
    const port = await context.ports.allocate(registry.ports());
    try {
      return registry.put({
        instanceId: instance.instanceId,
        tenantId: instance.tenantId,
        environment: instance.environment,
        state: "stopped",
        port,
        uid,
        gid,
        pgid: null,
        desiredCount: request.spec.desiredCount,
        size: request.spec.size,
        revision: 1,
        wordpress: request.spec.wordpress,
        url,
        contentDir,
        salts: newSalts(),
      });
    } finally {
      context.ports.release(port);
    }
  }

  /** Adopts the tenant's live group or starts one; a stopped tenant keeps no process. */
  async function recover(tenantId: string, report: RecoveryReport): Promise<void> {
    const entry = registry.get(tenantId);
    if (!entry) return;
    if (entry.state !== "running") return processes.killGroups(processes.groupsOf(tenantId));
    const running = await processes.ensureRunning(entry);
    (running.pgid === entry.pgid ? report.adopted : report.restarted).push(tenantId);
    await processes.killGroups(processes.groupsOf(tenantId).filter((pgid) => pgid !== running.pgid));
  }

  /** Rewritten only when it changes: PHP reads it on every request, so no restart is needed. */
  function writeConfig(entry: TenantEntry, credentialsSecretRef: string): void {
    context.tenantDirFor(entry.tenantId);
    const configFile = paths.configFile(entry.tenantId);
    const config = renderTenantConfig({
      tenantId: entry.tenantId,
      database: readDatabaseCredentials(context.secrets, credentialsSecretRef),
      url: entry.url,
      contentDir: entry.contentDir,
      defaultTheme: DEFAULT_THEME,
      salts: entry.salts,
    });
    if (readIfExists(configFile) !== config) writeTenantFile(configFile, config, context.runAs(entry));
  }

  /** Records the change; a running tenant rolls onto new processes, a suspended one keeps it for resume. */
  async function restartWith(entry: TenantEntry, change: Partial<TenantEntry>): Promise<TenantEntry> {
    const next = registry.update(entry.tenantId, change);
    if (next.state !== "running") return next;
    context.prepareHost();
    return processes.roll(next);
  }

  /** Deregisters and stops every group serving the tenant's config (a crash may hide one). */
  async function stopService(tenantId: string, entry: TenantEntry | undefined): Promise<void> {
    if (entry) processes.deregister(entry);
    await processes.killGroups(processes.groupsOf(tenantId));
    if (entry && registry.get(tenantId)) registry.update(tenantId, { state: "stopped", pgid: null });
  }

  /** The tenant's directory (config, log), then its entry, last. */
  function removeFiles(tenantId: string): void {
    rmSync(paths.tenantDir(tenantId), { recursive: true, force: true });
    registry.remove(tenantId);
    context.logger.info("tenant compute released", { tenantId });
  }

  return {
    /**
     * The local revision: the entry's settings and the tenant's wp-config.php. The revision number
     * moves when the image or size changes (what a new ECS task definition would carry); the
     * config is rewritten when it changed, and PHP reads it on every request.
     */
    async register(instance: InstanceRef, request: ComputeRequest, contentDir: string): Promise<TenantEntry> {
      context.prepareHost();
      const entry = await entryFor(instance, request, contentDir);
      const { wordpress, size } = request.spec;
      const same = entry.wordpress.image === wordpress.image && entry.wordpress.version === wordpress.version;
      const changed = !same || entry.size !== size;
      const next = changed
        ? registry.update(entry.tenantId, { wordpress, size, revision: entry.revision + 1 })
        : entry;
      writeConfig(next, request.storage.credentialsSecretRef);
      return next;
    },

    /** The headless install, run to its end as the tenant (idempotent: is_blog_installed() first). */
    async install(entry: TenantEntry): Promise<void> {
      context.prepareHost();
      await installWordPress({
        php: context.php,
        assets: paths.assets,
        runAs: context.runAs(entry),
        configFile: paths.configFile(entry.tenantId),
        title: entry.tenantId,
        adminEmail: `wordpress@${new URL(entry.url).hostname}`,
        timeoutMs: context.installTimeoutMs,
      });
    },

    restartWith,

    /**
     * A restart reads the credentials secret again, as fresh ECS tasks do (a rotation changed it):
     * the config is rewritten, then the roll. If the new php does not serve, the old config goes
     * back, so the old group keeps serving with the credentials it had.
     */
    async restartOnSecret(
      entry: TenantEntry,
      credentialsSecretRef: string | undefined,
    ): Promise<TenantEntry> {
      const configFile = paths.configFile(entry.tenantId);
      const before = readIfExists(configFile);
      if (credentialsSecretRef) writeConfig(entry, credentialsSecretRef);
      try {
        return await restartWith(entry, {});
      } catch (error) {
        if (before !== undefined && readIfExists(configFile) !== before)
          writeTenantFile(configFile, before, context.runAs(entry));
        throw error;
      }
    },

    /** Stops, deregisters and removes everything compute made for the tenant; the entry goes last. */
    async release(tenantId: string, entry: TenantEntry | undefined): Promise<void> {
      await stopService(tenantId, entry);
      removeFiles(tenantId);
    },
    stopService,
    removeFiles,

    /** One tenant that cannot start (say, routing lost its group) does not keep the others down. */
    async adoptOrRestart(): Promise<RecoveryReport> {
      context.gate.stopping = false;
      context.prepareHost();
      const report: RecoveryReport = { adopted: [], restarted: [], failed: [] };
      for (const { tenantId } of registry.list())
        await context.lock
          .run(tenantId, () => recover(tenantId, report))
          .catch((error: unknown) => {
            report.failed.push(tenantId);
            context.logger.error("tenant WordPress could not be recovered", { tenantId, error });
          });
      await processes.killGroups(orphanGroups(context));
      context.logger.info("local compute recovered", { ...report });
      return report;
    },

    async stopAll(): Promise<void> {
      context.gate.stopping = true;
      await context.lock.idle();
      for (const entry of registry.list())
        try {
          processes.deregister(entry);
        } catch (error) {
          context.logger.warn("could not deregister a target at shutdown", {
            tenantId: entry.tenantId,
            error,
          });
        }
      await processes.killGroups([...ourGroups(context).values()].flat());
    },
  };
}

/** Every group serving a config under our compute directory: value -> pgids. */
function ourGroups(context: LocalComputeContext): Map<string, number[]> {
  return tenantGroupsUnder(context.paths.computeDir);
}

/** Groups whose tenant has no registry entry (a crash between spawn and record, a lost registry). */
function orphanGroups(context: LocalComputeContext): number[] {
  return [...ourGroups(context)]
    .filter(([configFile]) => !context.registry.get(basename(dirname(configFile))))
    .flatMap(([, pgids]) => pgids);
}
