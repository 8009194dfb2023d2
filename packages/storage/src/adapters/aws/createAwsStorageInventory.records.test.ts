import { DeleteItemCommand, DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EFSClient } from "@aws-sdk/client-efs";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createMemoryResourceRecords, type ResourceRecord } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { STORAGE_RECORD_KIND } from "../provisionSteps.ts";
import { createAwsStorageInventory } from "./createAwsStorageInventory.ts";

const OLD = "22222222-2222-4222-8222-222222222222";
const NEW = "33333333-3333-4333-8333-333333333333";
const dynamoClient = new DynamoDBClient({ region: "eu-west-1" });
const taggingClient = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const dynamo = mockClient(dynamoClient);
const tagging = mockClient(taggingClient);
/** No database on this "RDS": the pool answers empty listings. */
const emptyPool = { query: async () => [[], []], getConnection: async () => ({}) } as never;

const tenantRecord = (instanceId: string): ResourceRecord => ({
  key: "storage/tenant/crashed",
  service: "storage",
  kind: STORAGE_RECORD_KIND,
  instanceId,
  tenantId: "crashed",
  state: "intended",
  attributes: { environment: "sit", uid: "20007" },
  updatedAt: "2026-11-22T10:00:00.000Z",
});

function inventoryWith(records = createMemoryResourceRecords()) {
  return createAwsStorageInventory({
    tagging: taggingClient,
    efs: new EFSClient({ region: "eu-west-1" }),
    secretsManager: new SecretsManagerClient({ region: "eu-west-1" }),
    pool: emptyPool,
    environment: "sit",
    bookkeeping: {
      records,
      dynamo: dynamoClient,
      uidTable: "bbws-dev-records",
      uidRange: { first: 20_000, last: 29_999 },
    },
  });
}

beforeEach(() => {
  dynamo.reset();
  tagging.reset();
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
  dynamo.on(GetItemCommand).resolves({});
  dynamo.on(DeleteItemCommand).resolves({});
});

describe("createAwsStorageInventory: a tenant record left by a crash", () => {
  it("is listed with its instance and removed last with its uid claim", async () => {
    const records = createMemoryResourceRecords();
    await records.put(tenantRecord(OLD));
    const inventory = inventoryWith(records);
    const listed = await inventory.list();
    expect(listed).toEqual([
      {
        service: "storage",
        kind: "storage-record",
        id: "storage/tenant/crashed",
        tenantId: "crashed",
        environment: "sit",
        instanceId: OLD,
      },
    ]);
    const [resource] = listed;
    if (!resource) throw new Error("nothing listed");
    expect(await inventory.remove(resource)).toEqual(["uid-claim:crashed", "record:storage/tenant/crashed"]);
    expect(await records.get("storage/tenant/crashed")).toBeNull();
    expect(dynamo.commandCalls(DeleteItemCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: "bbws-dev-records",
        Key: { key: { S: "uid#20007" } },
        ConditionExpression: expect.any(String),
        ExpressionAttributeValues: expect.any(Object),
      },
      { TableName: "bbws-dev-records", Key: { key: { S: "uid-tenant#crashed" } } },
    ]);
    expect(await inventory.remove(resource)).toEqual([]);
  });

  it("is kept when a new instance took the tenant's record since the scan", async () => {
    const records = createMemoryResourceRecords();
    await records.put(tenantRecord(OLD));
    const inventory = inventoryWith(records);
    const [resource] = await inventory.list();
    if (!resource) throw new Error("nothing listed");
    await records.put(tenantRecord(NEW));
    await expect(inventory.remove(resource)).rejects.toMatchObject({ code: "STORAGE.TENANT_IN_USE" });
    expect((await records.get("storage/tenant/crashed"))?.instanceId).toBe(NEW);
    expect(dynamo.commandCalls(DeleteItemCommand)).toEqual([]);
  });
});
