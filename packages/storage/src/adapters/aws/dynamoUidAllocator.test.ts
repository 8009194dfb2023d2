import { randomUUID } from "node:crypto";
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DeleteTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createUidTable } from "../../testing/fakeAwsStorage.ts";
import { createAwsCall } from "./awsCalls.ts";
import { createDynamoUidAllocator } from "./dynamoUidAllocator.ts";

const call = createAwsCall();

describe("createDynamoUidAllocator commands", () => {
  const client = new DynamoDBClient({ region: "eu-west-1" });
  const ddb = mockClient(client);
  const allocator = createDynamoUidAllocator({
    client,
    tableName: "uids",
    range: { first: 20_000, last: 29_999 },
    call,
  });
  beforeEach(() => ddb.reset());

  it("writes the intent, then claims uid#N conditionally, then marks the intent claimed", async () => {
    ddb.on(UpdateItemCommand).resolves({ Attributes: { next: { N: "8" } } });
    ddb.on(PutItemCommand).resolves({});
    ddb
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolves({ Item: { candidate: { N: "20007" }, claimed: { BOOL: false } } });
    expect(await allocator.allocate("acme")).toBe(20_007);
    expect(ddb.calls().map((c) => c.args[0].input)).toEqual([
      { TableName: "uids", Key: { key: { S: "uid-tenant#acme" } }, ConsistentRead: true },
      {
        TableName: "uids",
        Key: { key: { S: "uid-counter" } },
        UpdateExpression: "ADD #next :one",
        ExpressionAttributeNames: { "#next": "next" },
        ExpressionAttributeValues: { ":one": { N: "1" } },
        ReturnValues: "UPDATED_NEW",
      },
      {
        TableName: "uids",
        Item: {
          key: { S: "uid-tenant#acme" },
          tenantId: { S: "acme" },
          candidate: { N: "20007" },
          claimed: { BOOL: false },
        },
        ConditionExpression: "attribute_not_exists(#key)",
        ExpressionAttributeNames: { "#key": "key" },
      },
      { TableName: "uids", Key: { key: { S: "uid-tenant#acme" } }, ConsistentRead: true },
      {
        TableName: "uids",
        Item: { key: { S: "uid#20007" }, tenantId: { S: "acme" } },
        ConditionExpression: "attribute_not_exists(#key) OR tenantId = :tenantId",
        ExpressionAttributeNames: { "#key": "key" },
        ExpressionAttributeValues: { ":tenantId": { S: "acme" } },
      },
      {
        TableName: "uids",
        Key: { key: { S: "uid-tenant#acme" } },
        UpdateExpression: "SET claimed = :claimed",
        ConditionExpression: "candidate = :uid",
        ExpressionAttributeValues: { ":claimed": { BOOL: true }, ":uid": { N: "20007" } },
      },
    ]);
  });

  it("answers from a claimed intent with one consistent read", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { candidate: { N: "20001" }, claimed: { BOOL: true } } });
    expect(await allocator.allocate("acme")).toBe(20_001);
    expect(ddb.calls()).toHaveLength(1);
  });

  it("releases in a crash-safe order: un-trust the intent, free uid#N (if still ours), delete the intent", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { candidate: { N: "20001" }, claimed: { BOOL: true } } });
    ddb.on(UpdateItemCommand).resolves({});
    ddb.on(DeleteItemCommand).resolves({});
    await allocator.release("acme", 20_001);
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).toEqual([
      "GetItemCommand",
      "UpdateItemCommand",
      "DeleteItemCommand",
      "DeleteItemCommand",
    ]);
    expect(ddb.commandCalls(DeleteItemCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: "uids",
        Key: { key: { S: "uid#20001" } },
        ConditionExpression: "tenantId = :tenantId",
        ExpressionAttributeValues: { ":tenantId": { S: "acme" } },
      },
      { TableName: "uids", Key: { key: { S: "uid-tenant#acme" } } },
    ]);
  });

  it("reports throttling after one call (the SDK client retries) as a retryable STORAGE.CLOUD_UNAVAILABLE", async () => {
    const throttled = Object.assign(new Error("slow down"), {
      name: "ThrottlingException",
      $metadata: { httpStatusCode: 400 },
    });
    ddb.on(GetItemCommand).rejects(throttled);
    await expect(allocator.allocate("acme")).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.CLOUD_UNAVAILABLE", retryable: true, cause: throttled }),
    );
    expect(ddb.commandCalls(GetItemCommand)).toHaveLength(1);
  });

  it("treats a failed condition as an answer, not an error", async () => {
    ddb.on(GetItemCommand).resolves({});
    ddb.on(UpdateItemCommand).resolves({ Attributes: { next: { N: "1" } } });
    ddb.on(PutItemCommand).rejects(new ConditionalCheckFailedException({ $metadata: {}, message: "taken" }));
    await expect(allocator.allocate("acme")).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.UIDS_EXHAUSTED" }),
    );
  });
});

describe("createDynamoUidAllocator against DynamoDB Local", () => {
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
  const tableName = `storage-uids-${randomUUID()}`;
  const allocatorFor = (range = { first: 20_000, last: 29_999 }) =>
    createDynamoUidAllocator({ client, tableName, range, call });
  /** uid claims by tenant, from one consistent scan. */
  const claims = async () => {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
    const byTenant = new Map<string, string[]>();
    for (const item of Items.filter((candidate) => candidate.key?.S?.startsWith("uid#"))) {
      const tenantId = item.tenantId?.S ?? "";
      byTenant.set(tenantId, [...(byTenant.get(tenantId) ?? []), item.key?.S ?? ""]);
    }
    return byTenant;
  };

  beforeAll(() => createUidTable(client, tableName));
  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });

  it("gives 50 tenants allocating at once 50 different uids", async () => {
    const allocator = allocatorFor();
    const tenants = Array.from({ length: 50 }, (_, i) => `many${i}`);
    const uids = await Promise.all(tenants.map((tenantId) => allocator.allocate(tenantId)));
    expect(new Set(uids).size).toBe(50);
    const held = await claims();
    for (const [i, tenantId] of tenants.entries()) expect(held.get(tenantId)).toEqual([`uid#${uids[i]}`]);
  });

  it("gives one tenant asking ten times at once one uid and one claim", async () => {
    const allocator = allocatorFor();
    const uids = await Promise.all(Array.from({ length: 10 }, () => allocator.allocate("same")));
    expect(new Set(uids).size).toBe(1);
    expect((await claims()).get("same")).toHaveLength(1);
  });

  it("releases the claim and the intent; the tenant may allocate again", async () => {
    const allocator = allocatorFor();
    const uid = await allocator.allocate("gone");
    await allocator.release("gone", uid);
    await allocator.release("gone", uid);
    expect((await claims()).get("gone")).toBeUndefined();
    expect(await allocator.allocate("gone")).toBeGreaterThanOrEqual(20_000);
  });

  it("skips uids held by others after the counter wraps, and reports exhaustion when all are held", async () => {
    const small = { first: 30_000, last: 30_002 };
    const table = `storage-uids-small-${randomUUID()}`;
    await createUidTable(client, table);
    const allocator = createDynamoUidAllocator({ client, tableName: table, range: small, call });
    const held = await Promise.all(["w1", "w2", "w3"].map((t) => allocator.allocate(t)));
    expect([...held].sort()).toEqual([30_000, 30_001, 30_002]);
    await allocator.release("w2", held[1]);
    expect(await allocator.allocate("w4")).toBe(held[1]);
    await expect(allocator.allocate("w5")).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.UIDS_EXHAUSTED" }),
    );
    await client.send(new DeleteTableCommand({ TableName: table }));
  });
});
