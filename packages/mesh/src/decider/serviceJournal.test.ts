import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { createDynamoResourceRecords } from "../resources/createDynamoResourceRecords.ts";
import { describeServiceJournalContract } from "../testing/storeContracts.ts";
import { useLocalRecordsTable } from "../testing/useLocalRecordsTable.ts";
import { createDynamoServiceJournal } from "./createDynamoServiceJournal.ts";
import { createMemoryServiceJournal } from "./serviceJournal.ts";

const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "journal");

describeServiceJournalContract("memory", () => createMemoryServiceJournal());
describeServiceJournalContract("dynamodb-local", () =>
  createDynamoServiceJournal({ client: dynamo, tableName }),
);

describe("a journal beside the resource records", () => {
  it("is not read as a resource record by the orphan scan's list", async () => {
    const k = { service: "identity", instanceId: `i-${randomUUID()}`, tenantId: "acme" };
    const entry = { state: "x", inbox: {} };
    await createDynamoServiceJournal({ client: dynamo, tableName }).write(k, entry, 0);
    const records = createDynamoResourceRecords({ client: dynamo, tableName });
    expect(await records.listByInstance(k.instanceId)).toEqual([]);
  });
});
