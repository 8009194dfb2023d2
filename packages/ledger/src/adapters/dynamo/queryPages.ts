import { type DynamoDBClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/client-dynamodb";
import type { Item } from "./dynamoItems.ts";

export interface QueriedItems {
  readonly items: Item[];
  /** Whether at least one more matching item exists after the returned ones. */
  readonly more: boolean;
}

/**
 * Up to `limit` matching items. A Query's Limit counts the items it reads, before the
 * FilterExpression drops some, so one page can hold fewer matches (even none) and still
 * have a LastEvaluatedKey: keep reading until there are enough. One extra item is read to
 * know whether another page exists, so the last page has no cursor.
 */
export async function queryUpTo(
  client: DynamoDBClient,
  input: QueryCommandInput,
  limit: number,
): Promise<QueriedItems> {
  const items: Item[] = [];
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await client.send(
      new QueryCommand({
        ...input,
        Limit: limit - items.length + 1,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (items.length <= limit && startKey);
  return { items: items.slice(0, limit), more: items.length > limit };
}

/** Every matching item: a Query page stops at 1 MB. */
export async function queryAll(client: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey = input.ExclusiveStartKey;
  do {
    const page = await client.send(
      new QueryCommand({ ...input, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
