import type { QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { EVENT_SK_PREFIX, keys, OPEN_OPERATIONS, PENDING_OUTBOX } from "./dynamoItems.ts";
import { LEDGER_INDEXES } from "./ledgerTable.ts";

/** `{deadlineAt}#{instanceId}` < `{now}` exactly when deadlineAt < now: "#" sorts after the end of `now`. */
export function overdueQuery(tableName: string, now: string): QueryCommandInput {
  const { partitionKey, sortKey, indexName } = LEDGER_INDEXES.overdue;
  return {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: "#pk = :open AND #sk < :now",
    ExpressionAttributeNames: { "#pk": partitionKey, "#sk": sortKey },
    ExpressionAttributeValues: marshall({ ":open": OPEN_OPERATIONS, ":now": now }),
  };
}

export function outboxQuery(tableName: string): QueryCommandInput {
  const { partitionKey, indexName } = LEDGER_INDEXES.outbox;
  return {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: "#pk = :outbox",
    ExpressionAttributeNames: { "#pk": partitionKey },
    ExpressionAttributeValues: marshall({ ":outbox": PENDING_OUTBOX }),
  };
}

/** The log shares the instance's partition, so it can be read consistently, unlike an index. */
export function eventLogQuery(tableName: string, instanceId: string): QueryCommandInput {
  return {
    TableName: tableName,
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: marshall({ ":pk": keys.state(instanceId).pk, ":prefix": EVENT_SK_PREFIX }),
    ConsistentRead: true,
  };
}
