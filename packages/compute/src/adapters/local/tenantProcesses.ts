import { resourceNames } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { LocalComputeContext } from "./localComputeContext.ts";
import { PortTakenError, portAccepts, startPhpServer, TENANT_CONFIG_VARIABLE } from "./phpServer.ts";
import { groupCarries, groupsByEnvironment, stopGroup } from "./processGroups.ts";
import { awaitDrained, awaitServing, warmFrontPage } from "./servingSwitch.ts";
import type { TenantEntry } from "./tenantRegistry.ts";

const PORT_ATTEMPTS = 3;

/** Starting, finding and stopping a tenant's php -S group, and its target in the local target group. */
export function createTenantProcesses(context: LocalComputeContext) {
  const { registry, paths, targetGroups } = context;
  const targetOf = (entry: TenantEntry) => `127.0.0.1:${entry.port}`;
  const groupName = (entry: TenantEntry) => resourceNames(entry.tenantId, entry.environment).targetGroup;

  /** Running = a live group carrying this tenant's config (a recycled pgid would not). */
  function isAlive(entry: TenantEntry): boolean {
    const configFile = paths.configFile(entry.tenantId);
    return entry.pgid !== null && groupCarries(entry.pgid, TENANT_CONFIG_VARIABLE, configFile);
  }

  /** Every group serving this tenant's config, whatever the registry says (a crash may hide one). */
  function groupsOf(tenantId: string): number[] {
    const configFile = paths.configFile(tenantId);
    return groupsByEnvironment(TENANT_CONFIG_VARIABLE, (value) => value === configFile).get(configFile) ?? [];
  }

  async function killGroups(pgids: readonly number[]): Promise<void> {
    for (const pgid of pgids) await stopGroup(pgid, { graceMs: context.stopGraceMs, sleep: context.sleep });
  }

  function register(entry: TenantEntry): void {
    const name = groupName(entry);
    if (!targetGroups.get(name))
      throw new ComputeError("COMPUTE.TARGET_GROUP_MISSING", `routing has no target group ${name} yet`, {
        retryable: true,
      });
    targetGroups.registerTarget(name, targetOf(entry));
  }

  /** Routing may have removed the group first (it releases before compute): nothing to deregister then. */
  function deregister(entry: TenantEntry): void {
    const name = groupName(entry);
    if (targetGroups.get(name)) targetGroups.deregisterTarget(name, targetOf(entry));
  }

  function start(entry: TenantEntry, port: number): Promise<number> {
    return startPhpServer({
      php: context.php,
      wordpressDir: context.wordpressDir,
      router: paths.assets.router,
      port,
      workers: context.workersPerTask * entry.desiredCount,
      runAs: context.runAs(entry),
      configFile: paths.configFile(entry.tenantId),
      logFile: paths.logFile(entry.tenantId),
      startTimeoutMs: context.startTimeoutMs,
      sleep: context.sleep,
    });
  }

  /**
   * Starts a group on `port` or, when someone else took it, on another free
   * port; resolves with where it listens. Allocated ports stay reserved until
   * the registry holds them (the caller records the result at once).
   */
  async function launch(entry: TenantEntry, port: number, reserved: boolean) {
    if (context.gate.stopping)
      throw new ComputeError("COMPUTE.STOPPING", "the local stack is shutting down", { retryable: true });
    const held = new Set<number>(reserved ? [port] : []);
    try {
      for (let attempt = 1, current = port; ; attempt++) {
        try {
          return { pgid: await start(entry, current), port: current };
        } catch (error) {
          if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS)
            throw new ComputeError("COMPUTE.START_FAILED", (error as Error).message, {
              retryable: true,
              cause: error,
            });
          current = await context.ports.allocate(registry.ports());
          held.add(current);
        }
      }
    } finally {
      for (const port of held) context.ports.release(port);
    }
  }

  /** Records the new group and points the target group at it. */
  function record(previous: TenantEntry, started: { pgid: number; port: number }): TenantEntry {
    const current = registry.update(previous.tenantId, { state: "running", ...started });
    register(current);
    if (previous.port !== current.port) deregister(previous);
    context.logger.info("tenant WordPress started", {
      tenantId: current.tenantId,
      port: current.port,
      pgid: current.pgid,
      workers: context.workersPerTask * current.desiredCount,
    });
    return current;
  }

  return {
    isAlive,
    groupsOf,
    killGroups,
    register,
    deregister,

    /** Idempotent: adopts a live group, else clears leftovers and starts one, warmed; registers the target. */
    async ensureRunning(entry: TenantEntry): Promise<TenantEntry> {
      if (isAlive(entry) && (await portAccepts(entry.port))) {
        register(entry);
        return entry.state === "running" ? entry : registry.update(entry.tenantId, { state: "running" });
      }
      // Every group serving the config ends here, and only a holder of the tenant's lock starts
      // one: the new group is then the tenant's only one, with no second scan (a scan reads
      // every process's environ: the second was ~2.5 % of the stack's CPU for ten at once).
      await killGroups(groupsOf(entry.tenantId));
      const started = await launch(entry, entry.port, false);
      await warmFrontPage(started.port, entry.url, context);
      return record(entry, started);
    },

    /**
     * A rolling replacement, like an ECS deployment: the new group starts on a fresh port, takes
     * the traffic once WordPress answers 200 there, and the old one is stopped once drained.
     */
    async roll(entry: TenantEntry): Promise<TenantEntry> {
      const port = await context.ports.allocate(registry.ports());
      const started = await launch(entry, port, true);
      try {
        await awaitServing(started.port, entry.url, context);
      } catch (error) {
        await killGroups([started.pgid]);
        throw error;
      }
      const drain = isAlive(entry);
      const current = record(entry, started);
      if (drain && entry.port !== current.port) await awaitDrained(entry.port, context);
      await killGroups(groupsOf(current.tenantId).filter((pgid) => pgid !== current.pgid));
      return current;
    },

    /** Deregisters first (no traffic to a dying server), then stops every group of the tenant. */
    async stop(entry: TenantEntry): Promise<void> {
      deregister(entry);
      await killGroups(groupsOf(entry.tenantId));
    },
  };
}

export type TenantProcesses = ReturnType<typeof createTenantProcesses>;
