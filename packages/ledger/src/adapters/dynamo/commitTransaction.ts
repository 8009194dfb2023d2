import type { TransactWriteItem } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { DomainEvent } from "@bbws/contracts";
import { LedgerError } from "../../domain/errors.ts";
import type { LedgerChange } from "../../ports.ts";
import { writesOperation } from "../writesOperation.ts";
import { inboxItem, keys, logItem, operationItem, outboxItem, slotItem, stateItem } from "./dynamoItems.ts";

/** What each item of the transaction is, by index: CancellationReasons come back in the same order. */
export type ItemRole =
  | "state"
  | "operation"
  | "inbox"
  | "slotClaim"
  | "slotFree"
  | "log"
  /** The incoming event's log item, written on condition that it is new: the inbox of an existing instance. */
  | "incomingLog"
  | "outbox";

export interface CommitTransaction {
  readonly items: TransactWriteItem[];
  readonly roles: ItemRole[];
}

export interface CommitContext {
  readonly tableName: string;
  /** When the commit happens (ISO): the log's `loggedAt` and the inbox's `processedAt`. */
  readonly at: string;
  readonly inboxExpiresAt: number;
  /** Whether this instance holds its tenant slot now; only then does "free" delete it. */
  readonly holdsSlot: boolean;
}

export const MAX_TRANSACTION_ITEMS = 100;
const NEW_ITEM = "attribute_not_exists(pk)";

/**
 * The state, operation (when it changed), inbox (a create's; otherwise the incoming event's
 * log item), slot, log and outbox writes of one change, as ONE TransactWriteItems.
 * DynamoDB Local costs its CPU per item: no fact is written twice.
 */
export function buildCommitTransaction(change: LedgerChange, context: CommitContext): CommitTransaction {
  const { record } = change;
  const { tableName } = context;
  const transaction: CommitTransaction = { items: [], roles: [] };
  const add = (role: ItemRole, item: TransactWriteItem) => {
    transaction.items.push(item);
    transaction.roles.push(role);
  };
  add("state", {
    Put: {
      TableName: tableName,
      Item: stateItem(record, change.expectedVersion + 1),
      ...versionCondition(change),
    },
  });
  if (writesOperation(change))
    add("operation", { Put: { TableName: tableName, Item: operationItem(record) } });
  const incoming = incomingDedupedByLog(change);
  if (change.inboxEventId && !incoming) {
    const Item = inboxItem(change.inboxEventId, record.instanceId, context.at, context.inboxExpiresAt);
    add("inbox", { Put: { TableName: tableName, Item, ConditionExpression: NEW_ITEM } });
  }
  const slot = slotWrite(change, context);
  if (slot) add(slot.role, slot.item);
  for (const event of change.log) {
    const Put = { TableName: tableName, Item: logItem(record.instanceId, event, context.at) };
    if (event === incoming) add("incomingLog", { Put: { ...Put, ConditionExpression: NEW_ITEM } });
    else add("log", { Put });
  }
  for (const event of change.outbox)
    add("outbox", { Put: { TableName: tableName, Item: outboxItem(event) } });
  assertWritable(change, transaction);
  return transaction;
}

/**
 * The incoming event, when its own log item can deduplicate it instead of an inbox item: on an
 * instance that exists, every delivery of the event has the same log key (the instance, the
 * event's occurredAt and eventId), kept for good. A create (expectedVersion 0) keeps the inbox
 * item, keyed by the event id alone: TenantCreated mints a new instance id on each delivery.
 */
function incomingDedupedByLog(change: LedgerChange): DomainEvent | undefined {
  if (change.expectedVersion === 0 || !change.inboxEventId) return undefined;
  return change.log.find((event) => event.detail.meta.eventId === change.inboxEventId);
}

/** Claim: Put unless another instance holds it. Free: Delete, but only what this instance holds. */
function slotWrite(
  change: LedgerChange,
  context: CommitContext,
): { role: ItemRole; item: TransactWriteItem } | null {
  const { record } = change;
  const TableName = context.tableName;
  if (change.tenantSlot === "claim") {
    const ConditionExpression = "attribute_not_exists(pk) OR instanceId = :self";
    const Put = { TableName, Item: slotItem(record), ConditionExpression, ...self(record.instanceId) };
    return { role: "slotClaim", item: { Put } };
  }
  if (change.tenantSlot === "free" && context.holdsSlot) {
    const Key = marshall(keys.slot(record.tenantId, record.environment));
    const Delete = { TableName, Key, ConditionExpression: "instanceId = :self", ...self(record.instanceId) };
    return { role: "slotFree", item: { Delete } };
  }
  return null;
}

function versionCondition(change: LedgerChange) {
  if (change.expectedVersion === 0) return { ConditionExpression: "attribute_not_exists(pk)" };
  return {
    ConditionExpression: "#version = :expected",
    ExpressionAttributeNames: { "#version": "version" },
    ExpressionAttributeValues: marshall({ ":expected": change.expectedVersion }),
  };
}

function self(instanceId: string) {
  return { ExpressionAttributeValues: marshall({ ":self": instanceId }) };
}

/** DynamoDB refuses, with a ValidationException that retrying cannot fix, both of these. */
function assertWritable(change: LedgerChange, transaction: CommitTransaction): void {
  if (transaction.items.length > MAX_TRANSACTION_ITEMS) {
    throw new LedgerError(
      "LEDGER.CHANGE_TOO_LARGE",
      `a change of instance ${change.record.instanceId} needs ${transaction.items.length} writes; one transaction takes at most ${MAX_TRANSACTION_ITEMS}`,
    );
  }
  for (const events of [change.log, change.outbox]) {
    const ids = events.map((event) => event.detail.meta.eventId);
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated) {
      throw new LedgerError(
        "LEDGER.INVALID_CHANGE",
        `event ${repeated} appears twice in one change; a transaction writes an item once`,
      );
    }
  }
}
