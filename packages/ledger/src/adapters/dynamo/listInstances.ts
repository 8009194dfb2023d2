import type { DynamoDBClient, QueryCommandInput } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { InstancePage, InstanceQuery } from "@bbws/contracts";
import { ALL_INSTANCES, statePartition, tenantPartition, toRecord } from "./dynamoItems.ts";
import { LEDGER_INDEXES, type LedgerIndex } from "./ledgerTable.ts";
import { decodeCursor, encodeCursor } from "./pageCursor.ts";
import { queryUpTo } from "./queryPages.ts";

interface ListPlan {
  readonly index: LedgerIndex;
  readonly partition: string;
  /** Attribute name to required value, applied as a FilterExpression. */
  readonly filters: Record<string, string>;
  /** The start of the tenantId or of the instanceId. */
  readonly search?: string;
}

/** The most selective index the query allows: tenant, else state, else every instance. */
function planList(query: InstanceQuery): ListPlan {
  const filters: Record<string, string> = {};
  if (query.environment) filters.environment = query.environment;
  const search = query.search ? { search: query.search } : {};
  if (query.tenantId) {
    if (query.state) filters.state = query.state;
    return { index: LEDGER_INDEXES.byTenant, partition: tenantPartition(query.tenantId), filters, ...search };
  }
  if (query.state)
    return { index: LEDGER_INDEXES.byState, partition: statePartition(query.state), filters, ...search };
  return { index: LEDGER_INDEXES.all, partition: ALL_INSTANCES, filters, ...search };
}

function queryInput(tableName: string, plan: ListPlan): QueryCommandInput {
  const filtered = Object.entries(plan.filters);
  const names: Record<string, string> = { "#pk": plan.index.partitionKey };
  const values: Record<string, string> = { ":pk": plan.partition };
  for (const [name, value] of filtered) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
  }
  const conditions = filtered.map(([name]) => `#${name} = :${name}`);
  if (plan.search) {
    // Only `record` (the instance as JSON) is projected into every index, and an index key
    // cannot be filtered on: so a prefix of either id is found as the JSON text it starts.
    names["#record"] = "record";
    values[":tenantPrefix"] = `"tenantId":${JSON.stringify(plan.search).slice(0, -1)}`;
    values[":instancePrefix"] = `"instanceId":${JSON.stringify(plan.search).slice(0, -1)}`;
    conditions.push("(contains(#record, :tenantPrefix) OR contains(#record, :instancePrefix))");
  }
  return {
    TableName: tableName,
    IndexName: plan.index.indexName,
    KeyConditionExpression: "#pk = :pk",
    ...(conditions.length ? { FilterExpression: conditions.join(" AND ") } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: marshall(values),
  };
}

/**
 * Instances in creation order. The environment (and, by tenant, the state) is a filter:
 * DynamoDB reads and bills the items it drops, so a rare environment costs more reads
 * than the page size suggests.
 */
export async function listInstances(
  client: DynamoDBClient,
  tableName: string,
  query: InstanceQuery,
): Promise<InstancePage> {
  const plan = planList(query);
  const input = queryInput(tableName, plan);
  if (query.startAt) input.ExclusiveStartKey = decodeCursor(query.startAt, plan.index, plan.partition);
  const { items, more } = await queryUpTo(client, input, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toRecord),
    ...(more && last ? { nextStartAt: encodeCursor(plan.index, last) } : {}),
  };
}
