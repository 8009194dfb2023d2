import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  emptyJournal,
  JournalConflictError,
  type JournalEntry,
  journalRecordKey,
  type ServiceJournal,
} from "./serviceJournal.ts";

/**
 * Journals in the resource-records table, one item per service and instance (`journal/{service}/{id}`),
 * beside the resource records (which keep their own `record` attribute, so their readers skip these).
 * A write is a PutItem conditioned on the version read: DynamoDB's optimistic lock.
 */
export function createDynamoServiceJournal(input: {
  client: DynamoDBClient;
  tableName: string;
}): ServiceJournal {
  const { client, tableName } = input;
  return {
    async read(key) {
      const answer = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { key: { S: journalRecordKey(key) } },
          ConsistentRead: true,
        }),
      );
      const item = answer.Item;
      if (!item?.journal?.S || !item.version?.N) return emptyJournal();
      return { entry: JSON.parse(item.journal.S) as JournalEntry, version: Number(item.version.N) };
    },
    async write(key, entry, expectedVersion) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              key: { S: journalRecordKey(key) },
              instanceId: { S: key.instanceId },
              journal: { S: JSON.stringify(entry) },
              version: { N: String(expectedVersion + 1) },
            },
            ConditionExpression:
              expectedVersion === 0 ? "attribute_not_exists(#key)" : "#version = :expected",
            ExpressionAttributeNames: expectedVersion === 0 ? { "#key": "key" } : { "#version": "version" },
            ...(expectedVersion === 0
              ? {}
              : { ExpressionAttributeValues: { ":expected": { N: String(expectedVersion) } } }),
          }),
        );
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException)
          throw new JournalConflictError(key, { cause: error });
        throw error;
      }
    },
  };
}
