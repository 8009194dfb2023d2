/**
 * The rule-slot table (one per deployment, shared by every routing Lambda).
 *
 * Items (pk / sk):
 * - slot   LISTENER#{listenerArn} / PRIORITY#{00042}: priority, loadBalancerArn, instanceId,
 *          tenantId, targetGroupName. Written with attribute_not_exists(pk): two allocators
 *          can never hold the same (listener, priority).
 * - owner  OWNER#{instanceId} / OWNER: the slot the instance holds. Written in the same
 *          transaction, also with attribute_not_exists(pk): an instance never holds two slots,
 *          and a retry after a crash finds the slot it already holds.
 *
 * A listener's slots are one partition, read with a consistent Query: its item count is
 * how full the ALB is (at most 100 small items, one page).
 */
import {
  CreateTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

export const RULE_SLOT_TABLE = { partitionKey: "pk", sortKey: "sk" } as const;

export const slotKey = (listenerArn: string, priority: number) => ({
  pk: { S: `LISTENER#${listenerArn}` },
  sk: { S: `PRIORITY#${String(priority).padStart(5, "0")}` },
});

export const ownerKey = (instanceId: string) => ({
  pk: { S: `OWNER#${instanceId}` },
  sk: { S: "OWNER" },
});

/** Creates the table (tests, the local runtime); on AWS the infrastructure declares the same shape. */
export async function createRuleSlotTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: RULE_SLOT_TABLE.partitionKey, AttributeType: "S" },
          { AttributeName: RULE_SLOT_TABLE.sortKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: RULE_SLOT_TABLE.partitionKey, KeyType: "HASH" },
          { AttributeName: RULE_SLOT_TABLE.sortKey, KeyType: "RANGE" },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
}
