import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from "@aws-sdk/client-dynamodb";
import type { ResourceRecord, ResourceRecords } from "./resourceRecords.ts";

/**
 * Resource records in a DynamoDB table (pk `key`, GSI `byInstance` on
 * `instanceId`). The record is stored as JSON; the keys are top-level.
 */
export const RESOURCE_TABLE = {
  partitionKey: "key",
  instanceIndex: { name: "byInstance", partitionKey: "instanceId" },
} as const;

export function createDynamoResourceRecords(input: {
  client: DynamoDBClient;
  tableName: string;
}): ResourceRecords {
  const { client, tableName } = input;
  const decode = (item: Record<string, { S?: string }> | undefined): ResourceRecord | null =>
    item?.record?.S ? (JSON.parse(item.record.S) as ResourceRecord) : null;

  return {
    async get(key) {
      const answer = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { key: { S: key } }, ConsistentRead: true }),
      );
      return decode(answer.Item);
    },
    async put(record) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            key: { S: record.key },
            instanceId: { S: record.instanceId },
            record: { S: JSON.stringify(record) },
          },
        }),
      );
    },
    async remove(key) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: { key: { S: key } } }));
    },
    async listByInstance(instanceId) {
      const records: ResourceRecord[] = [];
      let startKey: QueryCommand["input"]["ExclusiveStartKey"];
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: RESOURCE_TABLE.instanceIndex.name,
            KeyConditionExpression: "instanceId = :instanceId",
            ExpressionAttributeValues: { ":instanceId": { S: instanceId } },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? [])
          records.push(...[decode(item)].filter((r): r is ResourceRecord => r !== null));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return records;
    },
    async list() {
      const records: ResourceRecord[] = [];
      let startKey: ScanCommand["input"]["ExclusiveStartKey"];
      do {
        const page = await client.send(
          new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
        );
        for (const item of page.Items ?? [])
          records.push(...[decode(item)].filter((r): r is ResourceRecord => r !== null));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return records;
    },
  };
}
