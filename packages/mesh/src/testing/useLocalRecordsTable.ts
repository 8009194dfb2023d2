import { randomUUID } from "node:crypto";
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll } from "vitest";
import { RESOURCE_TABLE } from "../resources/createDynamoResourceRecords.ts";

/**
 * A records table on DynamoDB Local for one test file, shaped as infra/tables.ts declares it
 * (`key`, and the byInstance index on `instanceId`): created before the file's tests, deleted
 * after. Resource records and service journals share it, as they do on AWS.
 */
export function useLocalRecordsTable(endpoint: string, name: string) {
  const client = new DynamoDBClient({
    endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const tableName = `${name}-${randomUUID()}`;
  const { partitionKey, instanceIndex } = RESOURCE_TABLE;
  beforeAll(() =>
    client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: partitionKey, KeyType: "HASH" }],
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: "S" },
          { AttributeName: instanceIndex.partitionKey, AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: instanceIndex.name,
            KeySchema: [{ AttributeName: instanceIndex.partitionKey, KeyType: "HASH" }],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    ),
  );
  afterAll(async () => {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });
  return { client, tableName };
}
