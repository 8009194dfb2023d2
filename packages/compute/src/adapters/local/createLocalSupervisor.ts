import { randomUUID } from "node:crypto";
import { createEvent, type DataOf, type DomainEvent, type EventName } from "@bbws/contracts";
import {
  afterFailedStart,
  type CrashLoopPolicy,
  type CrashState,
  crashed,
  DEFAULT_CRASH_LOOP_POLICY,
  isDue,
} from "../../domain/crashLoop.ts";
import { probe } from "./httpProbe.ts";
import { lastLogLines } from "./lastLogLines.ts";
import type { LocalComputeContext } from "./localComputeContext.ts";
import { LOCAL_HEALTH_PATH } from "./localComputeSteps.ts";
import type { TenantProcesses } from "./tenantProcesses.ts";
import type { TenantEntry } from "./tenantRegistry.ts";

export interface LocalSupervisorDeps {
  /** Publishes what the supervisor saw (TaskStopped, HealthObserved) on the bus, for the ledger. */
  readonly report: (event: DomainEvent<"TaskStopped" | "HealthObserved">) => Promise<void>;
  /** Epoch ms. */
  readonly clock?: () => number;
  readonly policy?: CrashLoopPolicy;
  /** A restarted group must answer its health path and front page within this (default 5 s). */
  readonly readyTimeoutMs?: number;
}

export interface LocalSupervisor {
  /** One pass over the tenants that should run: finds the dead, restarts the due. */
  tick(): Promise<void>;
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

/**
 * Keeps each tenant's php running as an ECS service keeps its desired count: a group that
 * died is reported as TaskStopped and taken out of the proxy (which then answers 503 "starting"),
 * restarted with backoff, and put back once it answers; a crash loop is reported UNHEALTHY
 * with the php log's reason. Works under the provider's per-tenant lock, so it never races a
 * lifecycle step (suspend, restart, roll).
 */
export function createLocalSupervisor(
  context: LocalComputeContext,
  processes: TenantProcesses,
  deps: LocalSupervisorDeps,
): LocalSupervisor {
  const clock = deps.clock ?? Date.now;
  const policy = deps.policy ?? DEFAULT_CRASH_LOOP_POLICY;
  const crashes = new Map<string, CrashState>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<void> = Promise.resolve();

  function event<N extends EventName>(name: N, entry: TenantEntry, data: DataOf<N>): DomainEvent<N> {
    const { tenantId, instanceId, environment } = entry;
    const meta = {
      eventId: randomUUID(),
      occurredAt: new Date(clock()).toISOString(),
      correlationId: instanceId,
    };
    return createEvent({
      name,
      producer: "compute",
      meta: { ...meta, causationId: null, tenantId, instanceId, environment },
      data,
    });
  }

  async function onCrash(entry: TenantEntry): Promise<void> {
    processes.deregister(entry);
    crashes.set(entry.tenantId, crashed(clock()));
    await deps.report(
      event("TaskStopped", entry, {
        taskId: `php-group:${entry.pgid ?? "none"}`,
        stoppedAt: new Date(clock()).toISOString(),
        stoppedReason: logReason(context, entry) ?? `php process group ${entry.pgid} exited`,
        desiredCount: entry.desiredCount,
        runningCount: 0,
        observer: "supervisor",
      }),
    );
  }

  async function restart(entry: TenantEntry, state: CrashState): Promise<void> {
    try {
      const started = await processes.ensureRunning(entry);
      await ready(started, deps.readyTimeoutMs ?? 5_000);
      crashes.delete(entry.tenantId);
      const observedAt = new Date(clock()).toISOString();
      await deps.report(
        event("HealthObserved", entry, { status: "HEALTHY", observedAt, observer: "supervisor" }),
      );
    } catch (error) {
      await processes.stop(registryEntry(entry));
      const next = afterFailedStart(state, clock(), policy);
      crashes.set(entry.tenantId, next.state);
      if (!next.reportLoop) return;
      const why = logReason(context, entry) ?? (error as Error).message;
      const reason = `crash loop: ${next.state.failures} restarts failed; ${why}`.slice(0, 2000);
      const observedAt = new Date(clock()).toISOString();
      await deps.report(
        event("HealthObserved", entry, { status: "UNHEALTHY", observedAt, observer: "supervisor", reason }),
      );
    }
  }

  const registryEntry = (entry: TenantEntry) => context.registry.get(entry.tenantId) ?? entry;

  async function superviseOne(tenantId: string): Promise<void> {
    const entry = context.registry.get(tenantId);
    if (entry?.state !== "running" || context.gate.stopping) {
      crashes.delete(tenantId);
      return;
    }
    if (!crashes.has(tenantId)) {
      if (processes.isAlive(entry)) return;
      await onCrash(entry);
    }
    const state = crashes.get(tenantId);
    if (state && isDue(state, clock())) await restart(entry, state);
  }

  async function tick(): Promise<void> {
    for (const { tenantId } of context.registry.list()) {
      try {
        await context.lock.run(tenantId, () => superviseOne(tenantId));
      } catch (error) {
        context.logger.warn("supervisor: tenant not supervised this round", {
          tenantId,
          error: (error as Error).message,
        });
      }
    }
  }

  return {
    tick,
    start(intervalMs) {
      timer ??= setInterval(() => {
        running = running.then(tick);
      }, intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

/** Up means what the provisioning's health step asks: the health path, then WordPress's front page. */
async function ready(entry: TenantEntry, timeoutMs: number): Promise<void> {
  const url = new URL(entry.url);
  for (const path of [LOCAL_HEALTH_PATH, "/"]) {
    const answer = await probe({ port: entry.port, path, url, timeoutMs });
    if (answer.status < 200 || answer.status >= 400) throw new Error(`${path} answered ${answer.status}`);
  }
}

/** The php log's last error line (a PHP error or warning), else its last line. */
function logReason(context: LocalComputeContext, entry: TenantEntry): string | undefined {
  const lines = lastLogLines(context.paths.logFile(entry.tenantId), 40);
  const error = lines.findLast((line) => /PHP (Parse|Fatal|Warning|Notice|Deprecated)|error/i.test(line));
  return (error ?? lines.at(-1))?.slice(0, 1000);
}
