import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { DomainEvent, Environment, LoggedEvent, StoredOperation } from "@bbws/contracts";
import { LedgerError } from "../../domain/errors.ts";
import type { InstanceRecord, OperationRecord } from "../../domain/instance.ts";
import type { OutboxEntry, StoredInstance } from "../../ports.ts";
import { LEDGER_INDEXES } from "./ledgerTable.ts";

export type Item = Record<string, AttributeValue>;

export const EVENT_SK_PREFIX = "EVENT#";
export const ALL_INSTANCES = "INSTANCES";
export const OPEN_OPERATIONS = "OPEN";
export const PENDING_OUTBOX = "OUTBOX";

export const keys = {
  state: (instanceId: string) => ({ pk: `INSTANCE#${instanceId}`, sk: "STATE" }),
  operation: (operationId: string) => ({ pk: `OPERATION#${operationId}`, sk: "OPERATION" }),
  inbox: (eventId: string) => ({ pk: `INBOX#${eventId}`, sk: "INBOX" }),
  logEntry: (instanceId: string, event: DomainEvent) => ({
    pk: `INSTANCE#${instanceId}`,
    sk: `${EVENT_SK_PREFIX}${event.detail.meta.occurredAt}#${event.detail.meta.eventId}`,
  }),
  outbox: (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: "OUTBOX" }),
  slot: (tenantId: string, environment: Environment) => ({
    pk: `SLOT#${tenantId}#${environment}`,
    sk: "SLOT",
  }),
};

export const tenantPartition = (tenantId: string) => `TENANT#${tenantId}`;
export const statePartition = (state: string) => `STATE#${state}`;

/** STUCK operations wait for a human, not for the deadline sweeper. */
function awaitsDeadline(operation: OperationRecord): boolean {
  return operation.status === "PENDING" || operation.status === "IN_PROGRESS";
}

/** A Put replaces the whole item, so leaving gsi4 out removes the instance from `overdue`. */
export function stateItem(record: InstanceRecord, version: number): Item {
  const created = `${record.createdAt}#${record.instanceId}`;
  const { byTenant, byState, all, overdue } = LEDGER_INDEXES;
  const item: Record<string, string | number> = {
    ...keys.state(record.instanceId),
    instanceId: record.instanceId,
    state: record.state,
    environment: record.environment,
    version,
    record: JSON.stringify(record),
    [byTenant.partitionKey]: tenantPartition(record.tenantId),
    [byTenant.sortKey]: created,
    [byState.partitionKey]: statePartition(record.state),
    [byState.sortKey]: created,
    [all.partitionKey]: ALL_INSTANCES,
    [all.sortKey]: created,
  };
  if (awaitsDeadline(record.operation)) {
    item[overdue.partitionKey] = OPEN_OPERATIONS;
    item[overdue.sortKey] = `${record.operation.deadlineAt}#${record.instanceId}`;
  }
  return marshall(item);
}

export function operationItem(record: InstanceRecord): Item {
  return marshall({
    ...keys.operation(record.operation.operationId),
    instanceId: record.instanceId,
    operation: JSON.stringify(record.operation),
  });
}

export function inboxItem(eventId: string, instanceId: string, processedAt: string, expiresAt: number): Item {
  return marshall({ ...keys.inbox(eventId), instanceId, processedAt, expiresAt });
}

export function logItem(instanceId: string, event: DomainEvent, loggedAt: string): Item {
  const eventId = event.detail.meta.eventId;
  return marshall({ ...keys.logEntry(instanceId, event), eventId, event: JSON.stringify(event), loggedAt });
}

export function outboxItem(event: DomainEvent): Item {
  const { eventId, occurredAt } = event.detail.meta;
  const { outbox } = LEDGER_INDEXES;
  return marshall({
    ...keys.outbox(eventId),
    eventId,
    event: JSON.stringify(event),
    [outbox.partitionKey]: PENDING_OUTBOX,
    [outbox.sortKey]: `${occurredAt}#${eventId}`,
  });
}

export function slotItem(record: InstanceRecord): Item {
  return marshall({
    ...keys.slot(record.tenantId, record.environment),
    instanceId: record.instanceId,
    tenantId: record.tenantId,
    environment: record.environment,
  });
}

export function readString(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined)
    throw new LedgerError("LEDGER.CORRUPT_ITEM", `ledger item has no string attribute ${name}`);
  return value;
}

function readJson<T>(item: Item, name: string): T {
  return JSON.parse(readString(item, name)) as T;
}

export function toStoredInstance(item: Item): StoredInstance {
  const { version } = unmarshall(item);
  if (typeof version !== "number")
    throw new LedgerError("LEDGER.CORRUPT_ITEM", "ledger state item has no version");
  return { record: readJson<InstanceRecord>(item, "record"), version };
}

export function toOperation(item: Item): StoredOperation {
  return { ...readJson<OperationRecord>(item, "operation"), instanceId: readString(item, "instanceId") };
}

export function toLoggedEvent(item: Item): LoggedEvent {
  return { event: readJson<DomainEvent>(item, "event"), loggedAt: readString(item, "loggedAt") };
}

export function toOutboxEntry(item: Item): OutboxEntry {
  return { eventId: readString(item, "eventId"), event: readJson<DomainEvent>(item, "event") };
}

export function toRecord(item: Item): InstanceRecord {
  return readJson<InstanceRecord>(item, "record");
}
