import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

/**
 * The API's idempotency table: one item per (caller, Idempotency-Key), `pk`
 * `{sub}#{key}`; `expiresAt` (epoch seconds) is DynamoDB's TTL attribute. TTL deletes
 * up to days late, so the store also compares `expiresAtMs` itself.
 * On AWS sst.config.ts declares it; this helper creates it for tests and local stacks.
 */
export const IDEMPOTENCY_TABLE = {
  KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
  AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
  BillingMode: "PAY_PER_REQUEST",
} as const satisfies Omit<CreateTableCommandInput, "TableName">;

export const IDEMPOTENCY_TTL_ATTRIBUTE = "expiresAt";

/** A platform table, not a tenant's: it carries the managedBy tag only. */
export async function createIdempotencyTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [...IDEMPOTENCY_TABLE.KeySchema],
      AttributeDefinitions: [...IDEMPOTENCY_TABLE.AttributeDefinitions],
      BillingMode: IDEMPOTENCY_TABLE.BillingMode,
      Tags: [{ Key: "bbws:managedBy", Value: "bbws-instance-management" }],
    }),
  );
  await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 120 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: IDEMPOTENCY_TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
