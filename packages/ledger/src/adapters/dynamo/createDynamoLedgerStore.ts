import { type DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { type Environment, INBOX_MEMORY_MS } from "@bbws/contracts";
import type { LedgerChange, LedgerStore } from "../../ports.ts";
import { buildCommitTransaction, MAX_TRANSACTION_ITEMS } from "./commitTransaction.ts";
import {
  keys,
  readString,
  toLoggedEvent,
  toOperation,
  toOutboxEntry,
  toStoredInstance,
} from "./dynamoItems.ts";
import { eventLogQuery, outboxQuery, overdueQuery } from "./ledgerQueries.ts";
import { listInstances } from "./listInstances.ts";
import { guard, mapCommitError } from "./mapDynamoError.ts";
import { queryAll, queryUpTo } from "./queryPages.ts";

export interface DynamoLedgerStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly now?: () => string;
  /** How long an event id stays in the inbox; a redelivery after that is processed again. */
  readonly inboxTtlSeconds?: number;
}

/** Longer than anything can come back (contracts' retention.ts: SQS 14 days, the archive 30). */
const DEFAULT_INBOX_TTL_SECONDS = INBOX_MEMORY_MS / 1000;

/**
 * The LedgerStore on one DynamoDB table (layout in ledgerTable.ts); a commit is one
 * TransactWriteItems. It sets no ClientRequestToken: the SDK already fills one in per
 * send, so its own retries of a transaction that did commit succeed instead of failing
 * their conditions; a token of ours reused by a later retry of the handler would fail
 * with IdempotentParameterMismatch as soon as `loggedAt` differs.
 */
export function createDynamoLedgerStore(options: DynamoLedgerStoreOptions): LedgerStore {
  const { client, tableName } = options;
  const now = options.now ?? (() => new Date().toISOString());
  const inboxTtlSeconds = options.inboxTtlSeconds ?? DEFAULT_INBOX_TTL_SECONDS;

  const getItem = (key: { pk: string; sk: string }) =>
    client.send(new GetItemCommand({ TableName: tableName, Key: marshall(key), ConsistentRead: true }));

  const findLiveInstanceId = (tenantId: string, environment: Environment) =>
    guard("findLiveInstanceId", async () => {
      const { Item } = await getItem(keys.slot(tenantId, environment));
      return Item ? readString(Item, "instanceId") : null;
    });

  /**
   * A conditional Delete of a slot held by another instance would cancel the whole commit,
   * so "free" reads the slot first and deletes it only if this instance holds it. No race:
   * while it holds the slot, nobody else can take it, and its own concurrent commits are
   * serialised by the version condition.
   */
  const holdsSlot = async (change: LedgerChange) =>
    change.tenantSlot === "free" &&
    (await findLiveInstanceId(change.record.tenantId, change.record.environment)) ===
      change.record.instanceId;

  return {
    get: (instanceId) =>
      guard("get", async () => {
        const { Item } = await getItem(keys.state(instanceId));
        return Item ? toStoredInstance(Item) : null;
      }),

    async commit(change) {
      const at = now();
      const inboxExpiresAt = Math.floor(Date.parse(at) / 1000) + inboxTtlSeconds;
      const context = { tableName, at, inboxExpiresAt, holdsSlot: await holdsSlot(change) };
      const { items, roles } = buildCommitTransaction(change, context);
      try {
        await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
      } catch (error) {
        throw mapCommitError(error, roles, change);
      }
    },

    findLiveInstanceId,

    list: (query) => guard("list", () => listInstances(client, tableName, query)),

    getOperation: (operationId) =>
      guard("getOperation", async () => {
        const { Item } = await getItem(keys.operation(operationId));
        return Item ? toOperation(Item) : null;
      }),

    listOverdue: (at, limit) =>
      guard("listOverdue", async () => {
        const { items } = await queryUpTo(client, overdueQuery(tableName, at), limit);
        return items.map((item) => readString(item, "instanceId"));
      }),

    events: (instanceId) =>
      guard("events", async () =>
        (await queryAll(client, eventLogQuery(tableName, instanceId))).map(toLoggedEvent),
      ),

    pendingOutbox: (limit) =>
      guard("pendingOutbox", async () =>
        (await queryUpTo(client, outboxQuery(tableName), limit)).items.map(toOutboxEntry),
      ),

    /** Transactions, not BatchWriteItem: no UnprocessedItems to retry; outbox volume is small. */
    markPublished: (eventIds) =>
      guard("markPublished", async () => {
        const unique = [...new Set(eventIds)];
        for (let start = 0; start < unique.length; start += MAX_TRANSACTION_ITEMS) {
          const TransactItems = unique
            .slice(start, start + MAX_TRANSACTION_ITEMS)
            .map((eventId) => ({ Delete: { TableName: tableName, Key: marshall(keys.outbox(eventId)) } }));
          await client.send(new TransactWriteItemsCommand({ TransactItems }));
        }
      }),
  };
}
