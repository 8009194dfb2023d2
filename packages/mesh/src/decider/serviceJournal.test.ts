import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createDynamoResourceRecords } from "../resources/createDynamoResourceRecords.ts";
import { useLocalRecordsTable } from "../testing/useLocalRecordsTable.ts";
import { createDynamoServiceJournal } from "./createDynamoServiceJournal.ts";
import {
  createMemoryServiceJournal,
  JournalConflictError,
  type JournalEntry,
  type ServiceJournal,
} from "./serviceJournal.ts";

const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "journal");

const entry = (state: unknown): JournalEntry => ({
  state,
  inbox: { "event-1": { status: "done", at: "2026-01-01T00:00:00.000Z" } },
});

describe.each([
  ["memory", () => createMemoryServiceJournal()],
  ["dynamodb-local", () => createDynamoServiceJournal({ client: dynamo, tableName })],
] as const)("ServiceJournal contract: %s", (_name, make: () => ServiceJournal) => {
  const key = () => ({ service: "identity", instanceId: `i-${randomUUID()}`, tenantId: "acme" });

  it("reads an empty journal at version 0 for an instance never written", async () => {
    expect(await make().read(key())).toEqual({ entry: { state: undefined, inbox: {} }, version: 0 });
  });

  it("writes version after version and reads back the last", async () => {
    const journal = make();
    const k = key();
    await journal.write(k, entry({ step: 1 }), 0);
    await journal.write(k, entry({ step: 2 }), 1);
    expect(await journal.read(k)).toEqual({ entry: entry({ step: 2 }), version: 2 });
  });

  it("refuses a write based on a version someone else has moved on from", async () => {
    const journal = make();
    const k = key();
    await journal.write(k, entry({ by: "first" }), 0);
    await expect(journal.write(k, entry({ by: "second" }), 0)).rejects.toBeInstanceOf(JournalConflictError);
    await journal.write(k, entry({ by: "first again" }), 1);
    await expect(journal.write(k, entry({ by: "late" }), 1)).rejects.toBeInstanceOf(JournalConflictError);
    expect((await journal.read(k)).entry.state).toEqual({ by: "first again" });
  });

  it("lets exactly one of two concurrent first writes win", async () => {
    const journal = make();
    const k = key();
    const results = await Promise.allSettled([
      journal.write(k, entry("a"), 0),
      journal.write(k, entry("b"), 0),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("keeps journals of services and instances apart", async () => {
    const journal = make();
    const k = key();
    await journal.write(k, entry("identity"), 0);
    await journal.write({ ...k, service: "storage" }, entry("storage"), 0);
    expect((await journal.read({ ...k, service: "storage" })).entry.state).toBe("storage");
    expect((await journal.read({ ...k, instanceId: "other" })).version).toBe(0);
  });
});

describe("a journal beside the resource records", () => {
  it("is not read as a resource record by the orphan scan's list", async () => {
    const k = { service: "identity", instanceId: `i-${randomUUID()}`, tenantId: "acme" };
    await createDynamoServiceJournal({ client: dynamo, tableName }).write(k, entry("x"), 0);
    const records = createDynamoResourceRecords({ client: dynamo, tableName });
    expect(await records.listByInstance(k.instanceId)).toEqual([]);
  });
});
