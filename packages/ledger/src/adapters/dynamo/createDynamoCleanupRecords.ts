import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { CleanupRecordSchema, type CleanupRecords } from "@bbws/contracts";
import { LEDGER_TTL_ATTRIBUTE } from "./ledgerTable.ts";

/** Kept 30 days (the table's TTL attribute), then DynamoDB deletes them. */
const RETENTION_SECONDS = 30 * 24 * 3600;

/**
 * Cleanup records in the ledger table: CLEANUP#{cleanupId} / CLEANUP, the record as JSON (as
 * the table keeps its other records), expiring after 30 days. No index attribute: no query
 * of the ledger ever sees them.
 */
export function createDynamoCleanupRecords(input: {
  client: DynamoDBClient;
  tableName: string;
  clock?: () => Date;
}): CleanupRecords {
  const clock = input.clock ?? (() => new Date());
  const key = (cleanupId: string) => ({ pk: { S: `CLEANUP#${cleanupId}` }, sk: { S: "CLEANUP" } });
  return {
    async put(record) {
      const expiresAt = Math.floor(clock().getTime() / 1000) + RETENTION_SECONDS;
      await input.client.send(
        new PutItemCommand({
          TableName: input.tableName,
          Item: {
            ...key(record.cleanupId),
            record: { S: JSON.stringify(record) },
            [LEDGER_TTL_ATTRIBUTE]: { N: String(expiresAt) },
          },
        }),
      );
    },
    async get(cleanupId) {
      const answer = await input.client.send(
        new GetItemCommand({ TableName: input.tableName, Key: key(cleanupId), ConsistentRead: true }),
      );
      const text = answer.Item?.record?.S;
      return text === undefined ? undefined : CleanupRecordSchema.parse(JSON.parse(text));
    },
  };
}
