import "aws-sdk-client-mock-vitest/extend";
import {
  type CancellationReason,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import {
  DuplicateEventError,
  type LedgerError,
  LedgerUnavailableError,
  TenantSlotTakenError,
  VersionConflictError,
} from "../../domain/errors.ts";
import type { LedgerChange } from "../../ports.ts";
import { sampleEvent, sampleRecord } from "../../testing/sampleRecords.ts";
import { createDynamoLedgerStore } from "./createDynamoLedgerStore.ts";

const ddb = mockClient(DynamoDBClient);
const NOW = "2026-11-22T10:00:05.000Z";
const EXPIRES_AT = Date.parse(NOW) / 1000 + 35 * 24 * 60 * 60;
const ID = "11111111-1111-4111-8111-111111111111";
const base = sampleRecord({ instanceId: ID });
const record = {
  ...base,
  operation: { ...base.operation, operationId: "22222222-2222-4222-8222-222222222222" },
};
const incoming = sampleEvent(record, "2026-11-22T10:00:01.000Z");
const emitted = sampleEvent(record, "2026-11-22T10:00:02.000Z");
const change: LedgerChange = {
  record,
  expectedVersion: 3,
  inboxEventId: incoming.detail.meta.eventId,
  log: [incoming, emitted],
  outbox: [emitted],
  tenantSlot: "claim",
};
const store = () =>
  createDynamoLedgerStore({ client: new DynamoDBClient({}), tableName: "ledger", now: () => NOW });
const idOf = (event: typeof incoming) => event.detail.meta.eventId;
const created = `${record.createdAt}#${ID}`;

beforeEach(() => {
  ddb.reset();
});

describe("createDynamoLedgerStore commands", () => {
  it("commits state, operation, slot, log and outbox as ONE TransactWriteItems, the incoming event logged once", async () => {
    await store().commit(change);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 1);
    expect(ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input).toEqual({
      TransactItems: [
        {
          Put: {
            TableName: "ledger",
            Item: {
              pk: { S: `INSTANCE#${ID}` },
              sk: { S: "STATE" },
              instanceId: { S: ID },
              state: { S: "PENDING_PROVISIONING" },
              environment: { S: "dev" },
              version: { N: "4" },
              record: { S: JSON.stringify(record) },
              gsi1pk: { S: "TENANT#acme" },
              gsi1sk: { S: created },
              gsi2pk: { S: "STATE#PENDING_PROVISIONING" },
              gsi2sk: { S: created },
              gsi3pk: { S: "INSTANCES" },
              gsi3sk: { S: created },
              gsi4pk: { S: "OPEN" },
              gsi4sk: { S: `${record.operation.deadlineAt}#${ID}` },
            },
            ConditionExpression: "#version = :expected",
            ExpressionAttributeNames: { "#version": "version" },
            ExpressionAttributeValues: { ":expected": { N: "3" } },
          },
        },
        {
          Put: {
            TableName: "ledger",
            Item: {
              pk: { S: `OPERATION#${record.operation.operationId}` },
              sk: { S: "OPERATION" },
              instanceId: { S: ID },
              operation: { S: JSON.stringify(record.operation) },
            },
          },
        },
        {
          Put: {
            TableName: "ledger",
            Item: {
              pk: { S: "SLOT#acme#dev" },
              sk: { S: "SLOT" },
              instanceId: { S: ID },
              tenantId: { S: "acme" },
              environment: { S: "dev" },
            },
            ConditionExpression: "attribute_not_exists(pk) OR instanceId = :self",
            ExpressionAttributeValues: { ":self": { S: ID } },
          },
        },
        ...[incoming, emitted].map((event) => ({
          Put: {
            TableName: "ledger",
            Item: {
              pk: { S: `INSTANCE#${ID}` },
              sk: { S: `EVENT#${event.detail.meta.occurredAt}#${idOf(event)}` },
              eventId: { S: idOf(event) },
              event: { S: JSON.stringify(event) },
              loggedAt: { S: NOW },
            },
            // The incoming event's own log item is the existing instance's inbox.
            ...(event === incoming ? { ConditionExpression: "attribute_not_exists(pk)" } : {}),
          },
        })),
        {
          Put: {
            TableName: "ledger",
            Item: {
              pk: { S: `OUTBOX#${idOf(emitted)}` },
              sk: { S: "OUTBOX" },
              eventId: { S: idOf(emitted) },
              event: { S: JSON.stringify(emitted) },
              gsi5pk: { S: "OUTBOX" },
              gsi5sk: { S: `2026-11-22T10:00:02.000Z#${idOf(emitted)}` },
            },
          },
        },
      ],
    });
  });

  it("keeps a create's incoming event in the inbox by its id alone, with a TTL, and logs it plainly", async () => {
    await store().commit({ ...change, expectedVersion: 0 });
    const items = ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items[2]).toEqual({
      Put: {
        TableName: "ledger",
        Item: {
          pk: { S: `INBOX#${idOf(incoming)}` },
          sk: { S: "INBOX" },
          instanceId: { S: ID },
          processedAt: { S: NOW },
          expiresAt: { N: String(EXPIRES_AT) },
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
    const logged = items.filter((item) => item.Put?.Item?.sk?.S?.startsWith("EVENT#"));
    expect(logged.map((item) => item.Put?.ConditionExpression)).toEqual([undefined, undefined]);
  });

  it("creates with attribute_not_exists and leaves a finished operation out of the overdue index", async () => {
    const done = { ...record, operation: { ...record.operation, status: "COMPLETED" as const } };
    await store().commit({ record: done, expectedVersion: 0, log: [], outbox: [] });
    const [state] = ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(state?.Put).toMatchObject({
      ConditionExpression: "attribute_not_exists(pk)",
      Item: { version: { N: "1" } },
    });
    expect(state?.Put?.ExpressionAttributeValues).toBeUndefined();
    expect(Object.keys(state?.Put?.Item ?? {})).not.toContain("gsi4pk");
  });

  it("writes the operation item only when the operation differs from the one read at expectedVersion", async () => {
    const keysOf = (call: number) =>
      (ddb.commandCalls(TransactWriteItemsCommand)[call]?.args[0].input.TransactItems ?? []).map(
        (item) => item.Put?.Item?.pk?.S ?? item.Delete?.Key?.pk?.S,
      );
    const operationKey = `OPERATION#${record.operation.operationId}`;
    const unchanged = { ...record, state: "PROVISIONING" as const };
    await store().commit({ ...change, record: unchanged, previous: record });
    expect(keysOf(0)).toEqual([
      `INSTANCE#${ID}`,
      "SLOT#acme#dev",
      `INSTANCE#${ID}`,
      `INSTANCE#${ID}`,
      `OUTBOX#${idOf(emitted)}`,
    ]);
    const equalCopy = JSON.parse(JSON.stringify(record)) as typeof record;
    await store().commit({ ...change, record: unchanged, previous: equalCopy });
    expect(keysOf(1)).not.toContain(operationKey);
    const inProgress = { ...record, operation: { ...record.operation, status: "IN_PROGRESS" as const } };
    await store().commit({ ...change, record: inProgress, previous: record });
    expect(keysOf(2)[1]).toBe(operationKey);
    await store().commit({ ...change, record: unchanged, previous: null });
    expect(keysOf(3)[1]).toBe(operationKey);
  });

  it("names the failed item by its index when the operation item is left out", async () => {
    // Items: 0 state, 1 slot, 2 incoming log, 3 log, 4 outbox.
    const reasons = ["None", "None", "ConditionalCheckFailed", "None", "None"];
    const CancellationReasons = reasons.map((Code) => ({ Code }));
    const message = "Transaction cancelled";
    const error = new TransactionCanceledException({ message, $metadata: {}, CancellationReasons });
    ddb.on(TransactWriteItemsCommand).rejects(error);
    const duplicate = store().commit({ ...change, previous: record });
    await expect(duplicate).rejects.toBeInstanceOf(DuplicateEventError);
  });

  it("frees the slot with a conditional Delete only when a consistent read shows this instance holds it", async () => {
    const free = { ...change, inboxEventId: undefined, log: [], outbox: [], tenantSlot: "free" as const };
    ddb.on(GetItemCommand).resolves({ Item: { instanceId: { S: ID } } });
    await store().commit(free);
    expect(ddb).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: "ledger",
      Key: { pk: { S: "SLOT#acme#dev" }, sk: { S: "SLOT" } },
      ConsistentRead: true,
    });
    expect(ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input.TransactItems?.[2]).toEqual({
      Delete: {
        TableName: "ledger",
        Key: { pk: { S: "SLOT#acme#dev" }, sk: { S: "SLOT" } },
        ConditionExpression: "instanceId = :self",
        ExpressionAttributeValues: { ":self": { S: ID } },
      },
    });
    ddb.on(GetItemCommand).resolves({ Item: { instanceId: { S: "someone-else" } } });
    await store().commit(free);
    expect(ddb.commandCalls(TransactWriteItemsCommand)[1]?.args[0].input.TransactItems).toHaveLength(2);
  });

  it("refuses a change of more than 100 writes or with an event twice, before calling DynamoDB", async () => {
    const events = Array.from({ length: 99 }, () => sampleEvent(record));
    const tooLarge = store().commit({ record, expectedVersion: 1, log: events, outbox: [] });
    await expect(tooLarge).rejects.toMatchObject({ code: "LEDGER.CHANGE_TOO_LARGE" });
    const twice = store().commit({ record, expectedVersion: 1, log: [incoming, incoming], outbox: [] });
    await expect(twice).rejects.toMatchObject({ code: "LEDGER.INVALID_CHANGE" });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteItemsCommand, 0);
    await store().commit({ record, expectedVersion: 1, log: events.slice(1), outbox: [] });
    expect(ddb.commandCalls(TransactWriteItemsCommand)[0]?.args[0].input.TransactItems).toHaveLength(100);
  });

  describe("maps TransactionCanceledException by the index of the failed item", () => {
    // Items of `change`: 0 state, 1 operation, 2 slot, 3 incoming log (the inbox), 4 log, 5 outbox.
    const canceled = (codes: Record<number, string>) => {
      const CancellationReasons: CancellationReason[] = Array.from({ length: 6 }, (_, index) => ({
        Code: codes[index] ?? "None",
      }));
      return new TransactionCanceledException({
        message: "Transaction cancelled",
        $metadata: {},
        CancellationReasons,
      });
    };
    const cases: { codes: Record<number, string>; expected: new (...args: never[]) => LedgerError }[] = [
      { codes: { 0: "ConditionalCheckFailed" }, expected: VersionConflictError },
      { codes: { 3: "ConditionalCheckFailed" }, expected: DuplicateEventError },
      { codes: { 2: "ConditionalCheckFailed" }, expected: TenantSlotTakenError },
      { codes: { 0: "ConditionalCheckFailed", 3: "ConditionalCheckFailed" }, expected: VersionConflictError },
      { codes: { 0: "TransactionConflict" }, expected: LedgerUnavailableError },
      { codes: { 4: "ThrottlingError" }, expected: LedgerUnavailableError },
      { codes: { 5: "ValidationError" }, expected: LedgerUnavailableError },
    ];
    for (const { codes, expected } of cases) {
      it(`${JSON.stringify(codes)} → ${expected.name}`, async () => {
        const error = canceled(codes);
        ddb.on(TransactWriteItemsCommand).rejects(error);
        const caught = await store()
          .commit(change)
          .catch((thrown: unknown) => thrown);
        expect(caught).toBeInstanceOf(expected);
        expect((caught as LedgerError).cause).toBe(error);
      });
    }

    it("a failed free of a held slot → VersionConflictError", async () => {
      ddb.on(GetItemCommand).resolves({ Item: { instanceId: { S: ID } } });
      ddb.on(TransactWriteItemsCommand).rejects(canceled({ 2: "ConditionalCheckFailed" }));
      const free = store().commit({ record, expectedVersion: 3, log: [], outbox: [], tenantSlot: "free" });
      await expect(free).rejects.toBeInstanceOf(VersionConflictError);
    });
  });

  it("maps throttling outside a transaction to LedgerUnavailableError with the cause", async () => {
    const error = new ProvisionedThroughputExceededException({ message: "slow down", $metadata: {} });
    ddb.on(TransactWriteItemsCommand).rejects(error);
    await expect(store().commit(change)).rejects.toMatchObject({ code: "LEDGER.UNAVAILABLE", cause: error });
    ddb.on(GetItemCommand).rejects(error);
    await expect(store().get(ID)).rejects.toMatchObject({ code: "LEDGER.UNAVAILABLE", cause: error });
  });

  it("reads state with ConsistentRead", async () => {
    ddb.on(GetItemCommand).resolves({});
    expect(await store().get(ID)).toBeNull();
    expect(ddb).toHaveReceivedCommandWith(GetItemCommand, {
      TableName: "ledger",
      Key: { pk: { S: `INSTANCE#${ID}` }, sk: { S: "STATE" } },
      ConsistentRead: true,
    });
  });

  it("queries byTenant with the environment as a filter, reading on while a page has too few matches", async () => {
    const key = {
      pk: { S: "INSTANCE#x" },
      sk: { S: "STATE" },
      gsi1pk: { S: "TENANT#acme" },
      gsi1sk: { S: "k" },
    };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: key })
      .resolvesOnce({ Items: [{ record: { S: JSON.stringify(record) } }] });
    const page = await store().list({ tenantId: "acme", environment: "dev", limit: 2 });
    expect(page).toEqual({ items: [record] });
    const input = {
      TableName: "ledger",
      IndexName: "byTenant",
      KeyConditionExpression: "#pk = :pk",
      FilterExpression: "#environment = :environment",
      ExpressionAttributeNames: { "#pk": "gsi1pk", "#environment": "environment" },
      ExpressionAttributeValues: { ":pk": { S: "TENANT#acme" }, ":environment": { S: "dev" } },
    };
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input)).toEqual([
      { ...input, Limit: 3 },
      { ...input, Limit: 3, ExclusiveStartKey: key },
    ]);
  });

  it("deletes published outbox entries in transactions of at most 100, each id once", async () => {
    const ids = Array.from({ length: 150 }, (_, index) => `e${index}`);
    await store().markPublished([...ids, "e0"]);
    const calls = ddb
      .commandCalls(TransactWriteItemsCommand)
      .map((call) => call.args[0].input.TransactItems ?? []);
    expect(calls.map((items) => items.length)).toEqual([100, 50]);
    expect(calls[0]?.[0]).toEqual({
      Delete: { TableName: "ledger", Key: { pk: { S: "OUTBOX#e0" }, sk: { S: "OUTBOX" } } },
    });
  });
});
