import { randomUUID } from "node:crypto";
import {
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { InvalidCursorError, LedgerUnavailableError, VersionConflictError } from "../../domain/errors.ts";
import type { InstanceRecord } from "../../domain/instance.ts";
import { sampleEvent, sampleRecord, sampleSpec } from "../../testing/sampleRecords.ts";
import { describeLedgerStoreContract } from "../ledgerStoreContract.ts";
import { createDynamoLedgerStore } from "./createDynamoLedgerStore.ts";
import { keys } from "./dynamoItems.ts";
import { createLedgerTable } from "./ledgerTable.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `ledger-${randomUUID()}`;
/**
 * The store's clock, a whole second of the real one: the inbox item it writes expires a minute
 * later, so it is never already past its TTL when written, whatever day the suite runs (a fixed
 * date would have DynamoDB's TTL free to sweep it).
 */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

beforeAll(() => createLedgerTable(client, tableName));

afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

describeLedgerStoreContract("dynamodb-local", () => createDynamoLedgerStore({ client, tableName }));

describe("createDynamoLedgerStore on DynamoDB Local", () => {
  const store = createDynamoLedgerStore({ client, tableName, now: () => NOW, inboxTtlSeconds: 60 });
  const freshTenant = () => `t${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const recordOf = (tenantId: string, overrides: Partial<InstanceRecord> = {}) => {
    const environment = overrides.environment ?? "dev";
    return sampleRecord({ tenantId, spec: sampleSpec({ tenantId, environment }), ...overrides });
  };

  it("creates the table with NEW_IMAGE streams, TTL on expiresAt and the five indexes", async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" });
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
      ["all", "byState", "byTenant", "outbox", "overdue"].sort(),
    );
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: "expiresAt",
      TimeToLiveStatus: "ENABLED",
    });
  });

  it("keeps an inbox entry until now + inboxTtlSeconds (epoch seconds)", async () => {
    const record = recordOf(freshTenant());
    const event = sampleEvent(record);
    await store.commit({
      record,
      expectedVersion: 0,
      inboxEventId: event.detail.meta.eventId,
      log: [],
      outbox: [],
    });
    const key = marshall(keys.inbox(event.detail.meta.eventId));
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    expect(unmarshall(Item ?? {})).toMatchObject({
      expiresAt: Date.parse(NOW) / 1000 + 60,
      instanceId: record.instanceId,
    });
  });

  it("fills a page filtered by environment from as many DynamoDB pages as it takes", async () => {
    const tenantId = freshTenant();
    const environments = ["dev", "sit", "sit", "sit", "dev", "sit", "dev"] as const;
    const records = environments.map((environment, index) =>
      recordOf(tenantId, { environment, createdAt: `2026-11-22T10:00:0${index}.000Z` }),
    );
    for (const record of records) await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
    const dev = records.filter((record) => record.environment === "dev").map((record) => record.instanceId);
    const first = await store.list({ tenantId, environment: "dev", limit: 2 });
    expect(first.items.map((item) => item.instanceId)).toEqual(dev.slice(0, 2));
    const second = await store.list({ tenantId, environment: "dev", limit: 2, startAt: first.nextStartAt });
    expect(second.items.map((item) => item.instanceId)).toEqual(dev.slice(2));
    expect(second.nextStartAt).toBeUndefined();
  });

  it("pages through every instance when the query has no tenant or state", async () => {
    const seen: string[] = [];
    let startAt: string | undefined;
    do {
      const page = await store.list({ limit: 3, ...(startAt ? { startAt } : {}) });
      seen.push(...page.items.map((item) => item.instanceId));
      startAt = page.nextStartAt;
    } while (startAt);
    expect(new Set(seen).size).toBe(seen.length);
    const everything = await store.list({ limit: 1000 });
    expect(seen).toEqual(everything.items.map((item) => item.instanceId));
  });

  it("refuses a cursor it did not issue for this query with InvalidCursorError", async () => {
    const tenantId = freshTenant();
    for (const createdAt of ["2026-11-22T10:00:00.000Z", "2026-11-22T10:00:01.000Z"]) {
      await store.commit({
        record: recordOf(tenantId, { createdAt }),
        expectedVersion: 0,
        log: [],
        outbox: [],
      });
    }
    const { nextStartAt } = await store.list({ tenantId, limit: 1 });
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const malformed = [
      "not a cursor!",
      Buffer.from("{").toString("base64url"),
      encode([1]),
      encode({ pk: "x" }),
      nextStartAt,
    ];
    const queries = malformed.map((startAt, index) =>
      index === malformed.length - 1
        ? { tenantId: freshTenant(), limit: 1, startAt }
        : { tenantId, limit: 1, startAt },
    );
    for (const query of queries) await expect(store.list(query)).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("returns pending outbox entries in occurrence order, up to the limit", async () => {
    const record = recordOf(freshTenant());
    const later = sampleEvent(record, "2026-11-22T09:00:02.000Z");
    const earlier = sampleEvent(record, "2026-11-22T09:00:01.000Z");
    await store.commit({ record, expectedVersion: 0, log: [], outbox: [later, earlier] });
    const ids = [earlier.detail.meta.eventId, later.detail.meta.eventId];
    const mine = (await store.pendingOutbox(1000)).filter((entry) => ids.includes(entry.eventId));
    expect(mine.map((entry) => entry.eventId)).toEqual(ids);
    expect(await store.pendingOutbox(1)).toHaveLength(1);
    await store.markPublished(ids);
  });

  it("publishes more outbox entries than one transaction holds", async () => {
    const record = recordOf(freshTenant());
    const events = Array.from({ length: 150 }, () => sampleEvent(record));
    await store.commit({ record, expectedVersion: 0, log: [], outbox: events.slice(0, 75) });
    await store.commit({ record, expectedVersion: 1, log: [], outbox: events.slice(75) });
    const ids = new Set(events.map((event) => event.detail.meta.eventId));
    const mine = async () => (await store.pendingOutbox(10_000)).filter((entry) => ids.has(entry.eventId));
    expect(await mine()).toHaveLength(150);
    await store.markPublished([...ids]);
    expect(await mine()).toEqual([]);
  });

  it("returns the whole event log with the time it was logged", async () => {
    const record = recordOf(freshTenant());
    const events = Array.from({ length: 40 }, (_, index) =>
      sampleEvent(record, `2026-11-22T10:00:${String(index).padStart(2, "0")}.000Z`),
    );
    await store.commit({ record, expectedVersion: 0, log: events.slice(0, 20), outbox: [] });
    await store.commit({ record, expectedVersion: 1, log: events.slice(20), outbox: [] });
    expect(await store.events(record.instanceId)).toEqual(events.map((event) => ({ event, loggedAt: NOW })));
  });

  it("lets exactly one of two concurrent commits of the same version win", async () => {
    const record = recordOf(freshTenant());
    await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
    const results = await Promise.allSettled(
      (["PROVISIONING", "FAILED"] as const).map((state) =>
        store.commit({ record: { ...record, state }, expectedVersion: 1, log: [], outbox: [] }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((result) => result.status === "rejected");
    expect(refused?.reason).toBeInstanceOf(VersionConflictError);
    expect((await store.get(record.instanceId))?.version).toBe(2);
  });

  it("reports an unreachable DynamoDB as LedgerUnavailableError with the SDK error as cause", async () => {
    const offline = new DynamoDBClient({
      endpoint: "http://127.0.0.1:9",
      region: "eu-west-1",
      credentials,
      maxAttempts: 1,
    });
    const unreachable = createDynamoLedgerStore({ client: offline, tableName });
    const error = await unreachable.get(randomUUID()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LedgerUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(Error);
    offline.destroy();
  });
});
