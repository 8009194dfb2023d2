import { randomUUID } from "node:crypto";
import {
  createEvent,
  type DomainEvent,
  type HealthProbe,
  type InstanceRecord,
  type LedgerQueries,
  summarizeHealth,
} from "@bbws/contracts";
import { runHealthProbes } from "@bbws/mesh";

export interface HealthSweepDeps {
  readonly store: Pick<LedgerQueries, "list">;
  readonly handleEvent: (event: DomainEvent) => Promise<void>;
  readonly probes: readonly HealthProbe[];
  /** An ACTIVE instance whose last check is older than this is checked again. */
  readonly staleAfterMs: number;
  readonly partTimeoutMs?: number;
  /** Epoch ms. */
  readonly clock: () => number;
  readonly newId?: () => string;
}

/**
 * The periodic sweep (events can be lost): re-runs the live check of every ACTIVE instance whose
 * last check is older than `staleAfterMs` (or that was never checked) and folds it as a
 * `HealthObserved` from the sweep. Returns how many it checked.
 */
export function createHealthSweep(deps: HealthSweepDeps) {
  const newId = deps.newId ?? randomUUID;

  async function staleInstances(): Promise<InstanceRecord[]> {
    const stale: InstanceRecord[] = [];
    let startAt: string | undefined;
    do {
      const page = await deps.store.list({ state: "ACTIVE", limit: 100, ...(startAt ? { startAt } : {}) });
      const cutoff = deps.clock() - deps.staleAfterMs;
      stale.push(...page.items.filter((record) => lastCheck(record) < cutoff));
      startAt = page.nextStartAt;
    } while (startAt);
    return stale;
  }

  async function check(record: InstanceRecord): Promise<void> {
    const started = deps.clock();
    const url = record.outputs.routing?.url ?? record.outputs.health?.url;
    const parts = await runHealthProbes({
      probes: deps.probes,
      target: {
        instanceId: record.instanceId,
        tenantId: record.tenantId,
        environment: record.environment,
        outputs: record.outputs,
        desiredCount: record.spec.desiredCount,
        ...(url ? { url } : {}),
      },
      partTimeoutMs: deps.partTimeoutMs ?? 400,
      now: deps.clock,
    });
    const summary = summarizeHealth(parts);
    const observedAt = new Date(started).toISOString();
    await deps.handleEvent(
      createEvent({
        name: "HealthObserved",
        producer: "ledger",
        meta: {
          eventId: newId(),
          occurredAt: observedAt,
          correlationId: record.instanceId,
          causationId: null,
          tenantId: record.tenantId,
          instanceId: record.instanceId,
          environment: record.environment,
        },
        data: {
          status: summary.status,
          observedAt,
          observer: "sweep",
          ...(summary.reason ? { reason: summary.reason.slice(0, 2000) } : {}),
          ...(summary.drift ? { drift: summary.drift } : {}),
          parts,
        },
      }),
    );
  }

  return {
    async sweep(): Promise<number> {
      const stale = await staleInstances();
      for (const record of stale) await check(record);
      return stale.length;
    },
  };
}

/** Epoch ms of the instance's last check; never checked counts as long ago. */
function lastCheck(record: InstanceRecord): number {
  return record.health ? Date.parse(record.health.lastCheckedAt) : Number.NEGATIVE_INFINITY;
}
