import { randomUUID } from "node:crypto";
import {
  buildInstanceSpec,
  type CommandResult,
  type DataOf,
  type DomainEvent,
  type LedgerCommand,
  type LedgerCommands,
  type SpecDefaults,
  toOperationView,
} from "@bbws/contracts";
import type { Logger } from "@bbws/mesh";
import { decideCommand } from "../domain/decideCommand.ts";
import { decideEvent } from "../domain/decideEvent.ts";
import type { Decision } from "../domain/decision.ts";
import { DuplicateEventError, TenantSlotTakenError } from "../domain/errors.ts";
import type { InstanceRecord } from "../domain/instance.ts";
import { sweepStuck } from "../domain/sweepStuck.ts";
import type { LedgerStore } from "../ports.ts";
import { retryOnConflict } from "./retryOnConflict.ts";
import { type Causation, toDomainEvents } from "./toDomainEvents.ts";

export interface LedgerServiceDeps {
  readonly store: LedgerStore;
  readonly logger: Logger;
  readonly specDefaults: SpecDefaults;
  readonly clock?: () => Date;
  readonly newId?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** `handleCommand` is the contract the API submits through (`LedgerCommands` of @bbws/contracts). */
export interface LedgerService extends LedgerCommands {
  handleEvent(event: DomainEvent): Promise<void>;
  /** Marks overdue operations STUCK; returns how many. */
  sweepStuck(): Promise<number>;
}

interface Application {
  readonly instanceId: string;
  readonly decide: (record: InstanceRecord | null, now: string) => Decision;
  readonly causation: Causation & { incoming?: DomainEvent };
  /** The instance is expected not to exist yet (a provision). */
  readonly expectNew?: boolean;
}

export function createLedgerService(deps: LedgerServiceDeps): LedgerService {
  const clock = deps.clock ?? (() => new Date());
  const newId = deps.newId ?? randomUUID;
  const retry = {
    maxAttempts: 8,
    baseDelayMs: 5,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: deps.random ?? Math.random,
  };
  const { store, logger } = deps;

  /**
   * Load, decide, and commit state + inbox + log + outbox at once; retried on version conflicts.
   * `expectNew` (a provision) skips the first read: a new instance is read as null anyway, and
   * if it exists after all, the create's version condition refuses the commit and the retry reads it.
   */
  async function apply({ instanceId, decide, causation, expectNew = false }: Application): Promise<Decision> {
    let readFirst = !expectNew;
    return retryOnConflict(async () => {
      const stored = readFirst ? await store.get(instanceId) : null;
      readFirst = true;
      const now = clock().toISOString();
      const decision = decide(stored?.record ?? null, now);
      if (decision.rejection || !decision.record || decision.record === stored?.record) return decision;
      const emitted = toDomainEvents({
        emits: decision.emits,
        record: decision.record,
        causation,
        now,
        newId,
      });
      const { incoming } = causation;
      await store.commit({
        record: decision.record,
        expectedVersion: stored?.version ?? 0,
        previous: stored?.record ?? null,
        ...(incoming ? { inboxEventId: incoming.detail.meta.eventId } : {}),
        log: incoming ? [incoming, ...emitted] : emitted,
        outbox: emitted,
        ...(decision.tenantSlot ? { tenantSlot: decision.tenantSlot } : {}),
      });
      logChange(logger, stored?.record ?? null, decision, emitted);
      return decision;
    }, retry);
  }

  async function handleCommand(command: LedgerCommand): Promise<CommandResult> {
    try {
      const causation = { correlationId: command.correlationId, causationId: command.operationId };
      const decision = await apply({
        instanceId: command.instanceId,
        decide: (record, now) => decideCommand(record, command, now),
        causation,
        expectNew: command.operation === "provision",
      });
      if (decision.rejection) return { outcome: "rejected", rejection: decision.rejection };
      if (!decision.record) throw new Error(`ledger produced no record for ${command.instanceId}`);
      return {
        outcome: "accepted",
        operation: toOperationView(decision.record.instanceId, decision.record.operation),
        state: decision.record.state,
      };
    } catch (error) {
      if (!(error instanceof TenantSlotTakenError) || command.operation !== "provision") throw error;
      const existing = await store.findLiveInstanceId(command.spec.tenantId, command.spec.environment);
      return {
        outcome: "rejected",
        rejection: {
          code: "LEDGER.INSTANCE_EXISTS",
          message: `tenant ${command.spec.tenantId} already has instance ${existing} in ${command.spec.environment}; deprovision it first`,
          allowed: [],
          ...(existing ? { instanceId: existing } : {}),
        },
      };
    }
  }

  async function handleEvent(event: DomainEvent): Promise<void> {
    try {
      if (event["detail-type"] === "TenantCreated")
        return await intakeTenantCreated(event.detail.data, event);
      if (event["detail-type"] === "OrphansFound") return; // an operators' report: nothing to fold
      const causation = {
        correlationId: event.detail.meta.correlationId,
        causationId: event.detail.meta.eventId,
        incoming: event,
      };
      const decide = (record: InstanceRecord | null, now: string) => decideEvent(record, event, now);
      await apply({ instanceId: event.detail.meta.instanceId, decide, causation });
    } catch (error) {
      if (error instanceof DuplicateEventError)
        return logger.info("duplicate event absorbed", { eventId: event.detail.meta.eventId });
      throw error;
    }
  }

  /** TenantCreated takes the same path as POST /instances: a provision command. */
  async function intakeTenantCreated(data: DataOf<"TenantCreated">, event: DomainEvent): Promise<void> {
    const spec = buildInstanceSpec(data, deps.specDefaults);
    const instanceId = newId();
    const command: LedgerCommand = {
      operation: "provision",
      instanceId,
      operationId: event.detail.meta.eventId,
      correlationId: event.detail.meta.correlationId,
      requestedBy: "tenant-management",
      spec,
    };
    const causation = {
      correlationId: command.correlationId,
      causationId: event.detail.meta.eventId,
      incoming: event,
    };
    try {
      const decide = (record: InstanceRecord | null, now: string) => decideCommand(record, command, now);
      await apply({ instanceId, decide, causation, expectNew: true });
    } catch (error) {
      if (!(error instanceof TenantSlotTakenError)) throw error;
      logger.warn("TenantCreated ignored: the tenant already has a live instance", {
        tenantId: data.tenantId,
        environment: data.environment,
      });
    }
  }

  async function sweep(): Promise<number> {
    const now = clock().toISOString();
    const overdue = await store.listOverdue(now, 100);
    for (const instanceId of overdue) {
      const causation = { correlationId: instanceId, causationId: null };
      const decide = (record: InstanceRecord | null) =>
        record ? sweepStuck(record, now) : { record, emits: [] };
      await apply({ instanceId, decide, causation });
    }
    return overdue.length;
  }

  return { handleCommand, handleEvent, sweepStuck: sweep };
}

function logChange(
  logger: Logger,
  before: InstanceRecord | null,
  decision: Decision,
  emitted: readonly DomainEvent[],
): void {
  const after = decision.record;
  if (!after) return;
  logger.info("instance changed", {
    instanceId: after.instanceId,
    tenantId: after.tenantId,
    from: before?.state ?? null,
    to: after.state,
    operation: after.operation.kind,
    operationStatus: after.operation.status,
    emitted: emitted.map((event) => event["detail-type"]),
  });
}
