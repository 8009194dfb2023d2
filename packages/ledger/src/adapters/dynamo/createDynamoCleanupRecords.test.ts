import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createDynamoCleanupRecords } from "./createDynamoCleanupRecords.ts";

const client = new DynamoDBClient({ region: "eu-west-1" });
const dynamo = mockClient(client);
const records = createDynamoCleanupRecords({
  client,
  tableName: "ledger",
  clock: () => new Date("2026-11-22T10:00:00.000Z"),
});
const record = {
  cleanupId: "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b",
  dryRun: true,
  status: "RUNNING" as const,
  requestedAt: "2026-11-22T10:00:00.000Z",
};
const key = { pk: { S: `CLEANUP#${record.cleanupId}` }, sk: { S: "CLEANUP" } };

beforeEach(() => dynamo.reset());

describe("createDynamoCleanupRecords", () => {
  it("puts the record as JSON under CLEANUP#{id}, expiring in 30 days", async () => {
    dynamo.on(PutItemCommand).resolves({});
    await records.put(record);
    expect(dynamo.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
      TableName: "ledger",
      Item: {
        ...key,
        record: { S: JSON.stringify(record) },
        expiresAt: { N: String(Date.parse("2026-12-22T10:00:00.000Z") / 1000) },
      },
    });
  });

  it("reads it back consistently; an unknown id is undefined", async () => {
    dynamo
      .on(GetItemCommand, { Key: key })
      .resolves({ Item: { ...key, record: { S: JSON.stringify(record) } } });
    dynamo.on(GetItemCommand, { Key: { ...key, pk: { S: "CLEANUP#other" } } }).resolves({});
    expect(await records.get(record.cleanupId)).toEqual(record);
    expect(dynamo.commandCalls(GetItemCommand)[0]?.args[0].input).toMatchObject({ ConsistentRead: true });
    expect(await records.get("other")).toBeUndefined();
  });
});
