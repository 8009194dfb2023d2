import type {
  Environment,
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  LoggedEvent,
  StoredOperation,
} from "@bbws/contracts";
import {
  DuplicateEventError,
  InvalidCursorError,
  TenantSlotTakenError,
  VersionConflictError,
} from "../../domain/errors.ts";
import { isOpen } from "../../domain/instance.ts";
import type { LedgerChange, LedgerStore, OutboxEntry, StoredInstance } from "../../ports.ts";
import { writesOperation } from "../writesOperation.ts";

/**
 * An in-process LedgerStore with the same semantics as the DynamoDB adapter
 * (conditional versions, inbox, outbox, tenant slots), for tests and benchmarks.
 * What goes in is deep-copied and frozen, and reads hand out those frozen copies: the
 * caller cannot change the store behind its back (a write to a read record throws), and
 * a read costs no copy (cloning a page of 100 records was most of a list's time).
 * `writeCount` counts the commits: the same count means the same answers to every read,
 * which lets a reader keep what it made of one (the API's list pages). The instances in
 * list order are sorted once per count, and a page is one pass over them.
 */
export function createMemoryLedgerStore(options: { now?: () => string } = {}): LedgerStore {
  const now = options.now ?? (() => new Date().toISOString());
  const instances = new Map<string, StoredInstance>();
  const inbox = new Set<string>();
  const slots = new Map<string, string>();
  const logs = new Map<string, LoggedEvent[]>();
  const outbox = new Map<string, OutboxEntry>();
  const operations = new Map<string, StoredOperation>();
  const slotKey = (tenantId: string, environment: Environment) => `${tenantId}#${environment}`;
  let writes = 0;
  let ordered: { readonly writes: number; readonly records: readonly InstanceRecord[] } | undefined;
  const inListOrder = (): readonly InstanceRecord[] => {
    if (ordered?.writes !== writes) {
      const records = [...instances.values()].map((stored) => stored.record).sort(byCreation);
      ordered = { writes, records };
    }
    return ordered.records;
  };

  return {
    async get(instanceId) {
      const stored = instances.get(instanceId);
      return stored ? { ...stored } : null;
    },

    async commit(change: LedgerChange) {
      const { record } = change;
      const current = instances.get(record.instanceId);
      if ((current?.version ?? 0) !== change.expectedVersion)
        throw new VersionConflictError(record.instanceId);
      if (change.inboxEventId && inbox.has(change.inboxEventId))
        throw new DuplicateEventError(change.inboxEventId);
      const key = slotKey(record.tenantId, record.environment);
      const holder = slots.get(key);
      if (change.tenantSlot === "claim" && holder !== undefined && holder !== record.instanceId) {
        throw new TenantSlotTakenError(record.tenantId, record.environment);
      }
      instances.set(record.instanceId, { record: frozenCopy(record), version: change.expectedVersion + 1 });
      // In the same synchronous step as the write: no read can see the new record under the old count.
      writes += 1;
      if (writesOperation(change))
        operations.set(
          record.operation.operationId,
          frozenCopy({ ...record.operation, instanceId: record.instanceId }),
        );
      if (change.inboxEventId) inbox.add(change.inboxEventId);
      if (change.tenantSlot === "claim") slots.set(key, record.instanceId);
      if (change.tenantSlot === "free" && holder === record.instanceId) slots.delete(key);
      const log = logs.get(record.instanceId) ?? [];
      const loggedAt = now();
      for (const event of change.log) log.push(frozenCopy({ event, loggedAt }));
      logs.set(record.instanceId, log);
      for (const event of change.outbox)
        outbox.set(event.detail.meta.eventId, {
          eventId: event.detail.meta.eventId,
          event: frozenCopy(event),
        });
    },

    async findLiveInstanceId(tenantId, environment) {
      return slots.get(slotKey(tenantId, environment)) ?? null;
    },

    async list(query: InstanceQuery): Promise<InstancePage> {
      const start = query.startAt === undefined ? 0 : Number(query.startAt);
      if (!Number.isInteger(start) || start < 0) throw new InvalidCursorError(String(query.startAt));
      const matches = matcherOf(query);
      const end = start + query.limit;
      const items: InstanceRecord[] = [];
      let matched = 0;
      for (const record of inListOrder()) {
        if (!matches(record)) continue;
        if (matched >= end) return { items, nextStartAt: String(end) };
        if (matched >= start) items.push(record);
        matched += 1;
      }
      return { items };
    },

    writeCount: () => writes,

    async getOperation(operationId) {
      const operation = operations.get(operationId);
      return operation ?? null;
    },

    async listOverdue(at, limit) {
      return [...instances.values()]
        .filter(
          ({ record }) =>
            isOpen(record.operation) &&
            record.operation.status !== "STUCK" &&
            record.operation.deadlineAt < at,
        )
        .slice(0, limit)
        .map(({ record }) => record.instanceId);
    },

    async events(instanceId) {
      return [...(logs.get(instanceId) ?? [])];
    },

    async pendingOutbox(limit) {
      return [...outbox.values()].slice(0, limit);
    },

    async markPublished(eventIds) {
      for (const eventId of eventIds) outbox.delete(eventId);
    },
  };
}

/** A deep copy nobody can change: what a read hands out, shared by every reader. */
function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

const byCreation = (a: InstanceRecord, b: InstanceRecord) =>
  a.createdAt.localeCompare(b.createdAt) || a.instanceId.localeCompare(b.instanceId);

/** The query's filters as one test (tenant, state, environment, search). */
function matcherOf(query: InstanceQuery): (record: InstanceRecord) => boolean {
  const { tenantId, state, environment, search } = query;
  return (record) =>
    (!tenantId || record.tenantId === tenantId) &&
    (!state || record.state === state) &&
    (!environment || record.environment === environment) &&
    (!search || matchesSearch(record, search));
}

const matchesSearch = (record: InstanceRecord, search: string) =>
  record.tenantId.startsWith(search) || record.instanceId.startsWith(search);
