import { describe, expect, inject, it } from "vitest";
import { useLocalRecordsTable } from "../testing/useLocalRecordsTable.ts";
import { createDynamoResourceRecords } from "./createDynamoResourceRecords.ts";
import { createMemoryResourceRecords, type ResourceRecord, type ResourceRecords } from "./resourceRecords.ts";

const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "records");

// The table as infra/tables.ts declares it: `key`, and the byInstance index on instanceId.

const record = (key: string, instanceId: string): ResourceRecord => ({
  key,
  service: "storage",
  kind: "database",
  instanceId,
  tenantId: "acme",
  state: "intended",
  attributes: { name: "wp_acme" },
  updatedAt: "2026-11-22T10:00:00.000Z",
});

describe.each([
  ["memory", () => createMemoryResourceRecords()],
  // One table for the suite: each test uses keys of its own.
  ["dynamodb-local", () => createDynamoResourceRecords({ client: dynamo, tableName })],
] as const)("ResourceRecords contract: %s", (_name, make: () => ResourceRecords) => {
  it("puts, completes, lists by instance and removes", async () => {
    const records = make();
    await records.put(record("storage/database/wp_acme", "i-1"));
    await records.put(record("storage/user/wp_acme", "i-1"));
    await records.put(record("storage/database/wp_other", "i-2"));
    await records.put({ ...record("storage/database/wp_acme", "i-1"), state: "created" });
    expect((await records.get("storage/database/wp_acme"))?.state).toBe("created");
    expect((await records.listByInstance("i-1")).map((r) => r.key).sort()).toEqual([
      "storage/database/wp_acme",
      "storage/user/wp_acme",
    ]);
    await records.remove("storage/user/wp_acme");
    await records.remove("storage/user/wp_acme");
    expect(await records.get("storage/user/wp_acme")).toBeNull();
    expect(await records.list()).toHaveLength(2);
  });
});
