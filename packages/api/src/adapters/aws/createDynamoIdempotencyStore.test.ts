import { randomUUID } from "node:crypto";
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiError } from "../../domain/errors.ts";
import { describeIdempotencyStoreContract } from "../idempotencyStoreContract.ts";
import { createDynamoIdempotencyStore } from "./createDynamoIdempotencyStore.ts";
import { createIdempotencyTable } from "./idempotencyTable.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `api-idempotency-${randomUUID()}`;

beforeAll(() => createIdempotencyTable(client, tableName));
afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

describeIdempotencyStoreContract("dynamodb-local", () => createDynamoIdempotencyStore({ client, tableName }));

describe("createIdempotencyTable on DynamoDB Local", () => {
  it("keys on pk and enables TTL on expiresAt", async () => {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: "pk", KeyType: "HASH" }]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: "expiresAt",
      TimeToLiveStatus: "ENABLED",
    });
  });
});

describe("createDynamoIdempotencyStore commands", () => {
  // Mock one instance, not the class: the class-wide mock would also capture the DynamoDB Local client above.
  const mockedClient = new DynamoDBClient({ region: "eu-west-1", credentials });
  const mocked = mockClient(mockedClient);
  const store = createDynamoIdempotencyStore({
    client: mockedClient,
    tableName: "idem",
  });
  const conditionFailed = () => new ConditionalCheckFailedException({ message: "failed", $metadata: {} });
  const input = { key: "sub#k1", fingerprint: "fp1", now: 1_000_000, lockMs: 30_000, ttlMs: 86_400_000 };

  it("creates the table tagged bbws:managedBy (DynamoDB Local ignores tags, so checked here)", async () => {
    mocked.reset();
    mocked.on(CreateTableCommand).resolves({});
    mocked.on(DescribeTableCommand).resolves({ Table: { TableStatus: "ACTIVE" } });
    mocked.on(UpdateTimeToLiveCommand).resolves({});
    await createIdempotencyTable(mockedClient, "idem");
    expect(mocked.commandCalls(CreateTableCommand)[0]?.args[0].input).toEqual({
      TableName: "idem",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      Tags: [{ Key: "bbws:managedBy", Value: "bbws-instance-management" }],
    });
    expect(mocked.commandCalls(UpdateTimeToLiveCommand)[0]?.args[0].input).toEqual({
      TableName: "idem",
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
    });
  });

  it("claims with one conditional PutItem", async () => {
    mocked.reset();
    mocked.on(PutItemCommand).resolves({});
    expect(await store.claim(input)).toEqual({ outcome: "claimed" });
    expect(mocked.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
      TableName: "idem",
      Item: {
        pk: { S: "sub#k1" },
        fingerprint: { S: "fp1" },
        status: { S: "in-progress" },
        lockedUntil: { N: "1030000" },
        expiresAtMs: { N: "87400000" },
        expiresAt: { N: "87400" },
      },
      ConditionExpression:
        "attribute_not_exists(#pk) OR #expMs <= :now OR (#st = :running AND #fp = :fp AND #lock <= :now)",
      ExpressionAttributeNames: {
        "#pk": "pk",
        "#fp": "fingerprint",
        "#st": "status",
        "#lock": "lockedUntil",
        "#expMs": "expiresAtMs",
      },
      ExpressionAttributeValues: {
        ":now": { N: "1000000" },
        ":running": { S: "in-progress" },
        ":fp": { S: "fp1" },
      },
    });
  });

  it("reads the item consistently when the condition fails, and replays a completed answer", async () => {
    mocked.reset();
    const response = { statusCode: 202, headers: {}, body: "{}" };
    mocked.on(PutItemCommand).rejects(conditionFailed());
    mocked.on(GetItemCommand).resolves({
      Item: {
        pk: { S: "sub#k1" },
        fingerprint: { S: "fp1" },
        status: { S: "completed" },
        lockedUntil: { N: "0" },
        expiresAtMs: { N: "87400000" },
        response: { S: JSON.stringify(response) },
      },
    });
    expect(await store.claim(input)).toEqual({ outcome: "replay", response });
    expect(mocked.commandCalls(GetItemCommand)[0]?.args[0].input).toEqual({
      TableName: "idem",
      Key: { pk: { S: "sub#k1" } },
      ConsistentRead: true,
    });
  });

  it("answers API.DEPENDENCY_UNAVAILABLE (503) for throttling the SDK client could not retry away", async () => {
    mocked.reset();
    mocked
      .on(PutItemCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: "slow down", $metadata: {} }));
    const error = await store.claim(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "API.DEPENDENCY_UNAVAILABLE", retryable: true });
    // One send: the client's retries (DYNAMODB_RETRY_SETTINGS) are the only ones, no adapter loop.
    expect(mocked.commandCalls(PutItemCommand)).toHaveLength(1);
  });

  it("completes with a conditional update and releases with a conditional delete", async () => {
    mocked.reset();
    mocked.on(UpdateItemCommand).resolves({});
    mocked.on(DeleteItemCommand).rejects(conditionFailed());
    const response = { statusCode: 409, headers: { a: "b" }, body: "{}" };
    await store.complete({ key: "sub#k1", fingerprint: "fp1", response, now: 1_000, ttlMs: 10_000 });
    await store.release({ key: "sub#k1", fingerprint: "fp1" });
    expect(mocked.commandCalls(UpdateItemCommand)[0]?.args[0].input).toMatchObject({
      Key: { pk: { S: "sub#k1" } },
      ConditionExpression: "#fp = :fp",
      ExpressionAttributeValues: {
        ":response": { S: JSON.stringify(response) },
        ":expMs": { N: "11000" },
        ":exp": { N: "11" },
      },
    });
    expect(mocked.commandCalls(DeleteItemCommand)[0]?.args[0].input).toEqual({
      TableName: "idem",
      Key: { pk: { S: "sub#k1" } },
      ConditionExpression: "#st = :running AND #fp = :fp",
      ExpressionAttributeNames: { "#st": "status", "#fp": "fingerprint" },
      ExpressionAttributeValues: { ":running": { S: "in-progress" }, ":fp": { S: "fp1" } },
    });
  });
});
