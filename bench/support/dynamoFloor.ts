import { type DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";

export interface DynamoFloor {
  /** Sequential calls per second on this DynamoDB Local, one in flight. */
  readonly getsPerSecond: number;
  readonly transactionsPerSecond: number;
}

const ITEMS_PER_TRANSACTION = 6; // a ledger commit: state, operation, inbox, log x2, outbox
const PADDING = "x".repeat(600);

/**
 * DynamoDB Local alone, one call at a time, with ledger-sized writes: the floor under the
 * durable mesh's ledger, measured in the same run on the same server.
 */
export async function measureDynamoFloor(
  client: DynamoDBClient,
  tableName: string,
  calls = { gets: 200, transactions: 100 },
): Promise<DynamoFloor> {
  const key = (index: number, part: number) => ({
    pk: { S: `bench-floor#${index}` },
    sk: { S: `part#${part}` },
  });
  const transactionsPerSecond = await rate(calls.transactions, (index) =>
    client.send(
      new TransactWriteItemsCommand({
        TransactItems: Array.from({ length: ITEMS_PER_TRANSACTION }, (_, part) => ({
          Put: { TableName: tableName, Item: { ...key(index, part), padding: { S: PADDING } } },
        })),
      }),
    ),
  );
  const getsPerSecond = await rate(calls.gets, (index) =>
    client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: key(index % calls.transactions, 0),
        ConsistentRead: true,
      }),
    ),
  );
  return { getsPerSecond, transactionsPerSecond };
}

async function rate(count: number, call: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await call(index);
  return count / ((performance.now() - started) / 1000);
}
