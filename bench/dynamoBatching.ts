/**
 * bench/dynamoBatching: what batching the ledger's writes and reads could buy on DynamoDB Local,
 * as `npm start` and bench:saga run it (on disk, one shared db). Issue 17 asked whether group
 * commit (one TransactWriteItems for a batch of instances' events) can take bench:saga's durable
 * run to ≥ 100 instances/s. Measures, with ledger-sized items (~600 B):
 * - TransactWriteItems of 1, 6, 10, 25, 50, 100 Puts, one call at a time: ms a call, items/s,
 *   and DynamoDB Local's CPU per item (its java process; CPU moves less than latency when other
 *   work shares the cores);
 * - the same with 2, 4 and 8 calls in flight;
 * - GetItem one at a time vs BatchGetItem of 10, 25, 100 keys;
 * - a conditional PutItem (one item, no transaction), 1, 4 and 8 in flight: the fewest writes a
 *   durable fold can make is one such Put per event it folds.
 * Then two ceilings: the best items/s ÷ the items a saga writes (bench:saga prints them), and
 * the best conditional Puts/s ÷ the events a saga folds (one write each, nothing else).
 *
 *   npm run bench:dynamo-batching               # 24 items, 6 events per instance
 *   npm run bench:dynamo-batching -- 25 6       # other counts of items and events per instance
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BatchGetItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from "@aws-sdk/client-dynamodb";
import { createLedgerTable } from "@bbws/ledger";
import { DYNAMODB_RETRY_SETTINGS } from "@bbws/mesh";
import { startDynamoLocal } from "../runtime/dynamoLocal.ts";
import { cpuSecondsOf } from "./support/procStats.ts";

const itemsPerInstance = Number(process.argv[2] ?? 24);
const eventsPerInstance = Number(process.argv[3] ?? 6);
const TABLE = "bbws-ledger";
const PADDING = "x".repeat(600);
const WARM_UP_CALLS = 50;

const dataDir = await mkdtemp(join(tmpdir(), "bbws-bench-batching-"));
const dynamo = await startDynamoLocal({ path: join(dataDir, "ledger") });
const client = new DynamoDBClient({
  ...DYNAMODB_RETRY_SETTINGS,
  endpoint: dynamo.endpoint,
  region: "eu-west-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});

let written = 0;
const key = (index: number) => ({ pk: { S: `bench-batching#${index}` }, sk: { S: "item" } });
const transaction = (items: number) => {
  const first = written;
  written += items;
  return client.send(
    new TransactWriteItemsCommand({
      TransactItems: Array.from({ length: items }, (_, offset) => ({
        Put: { TableName: TABLE, Item: { ...key(first + offset), padding: { S: PADDING } } },
      })),
    }),
  );
};

/** One new item, written only if absent: the write an optimistic, versioned fold makes. */
const conditionalPut = () => {
  const index = written++;
  return client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { ...key(index), padding: { S: PADDING } },
      ConditionExpression: "attribute_not_exists(pk)",
    }),
  );
};

interface Rate {
  readonly callsPerSecond: number;
  readonly javaCpuMsPerCall: number | null;
}

/** `calls` calls, `inFlight` at a time; calls/s and DynamoDB Local's CPU ms per call. */
async function measure(
  calls: number,
  inFlight: number,
  call: (index: number) => Promise<unknown>,
): Promise<Rate> {
  const cpuBefore = await cpuSecondsOf(dynamo.pid);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < calls) await call(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await cpuSecondsOf(dynamo.pid);
  const cpu = cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / calls;
  return { callsPerSecond: calls / seconds, javaCpuMsPerCall: cpu };
}

const cpuText = (rate: Rate, per: number) =>
  rate.javaCpuMsPerCall === null ? "?" : (rate.javaCpuMsPerCall / per).toFixed(2);

try {
  await createLedgerTable(client, TABLE);
  await measure(WARM_UP_CALLS, 1, () => transaction(6));
  console.log("bench/dynamoBatching: DynamoDB Local on disk, ledger-sized items (~600 B)");
  console.log("  TransactWriteItems, one call at a time:");
  let bestItemsPerSecond = 0;
  for (const items of [1, 6, 10, 25, 50, 100]) {
    const rate = await measure(items >= 50 ? 20 : 40, 1, () => transaction(items));
    const itemsPerSecond = rate.callsPerSecond * items;
    bestItemsPerSecond = Math.max(bestItemsPerSecond, itemsPerSecond);
    console.log(
      `    ${String(items).padStart(3)} items: ${(1000 / rate.callsPerSecond).toFixed(1).padStart(6)} ms a call, ` +
        `${itemsPerSecond.toFixed(0).padStart(4)} items/s, java CPU ${cpuText(rate, items)} ms an item`,
    );
  }
  console.log("  TransactWriteItems, several calls in flight:");
  for (const items of [6, 25]) {
    for (const inFlight of [2, 4, 8]) {
      const rate = await measure(40, inFlight, () => transaction(items));
      const itemsPerSecond = rate.callsPerSecond * items;
      bestItemsPerSecond = Math.max(bestItemsPerSecond, itemsPerSecond);
      console.log(
        `    ${String(items).padStart(3)} items × ${inFlight} in flight: ${rate.callsPerSecond.toFixed(1).padStart(5)} calls/s, ` +
          `${itemsPerSecond.toFixed(0).padStart(4)} items/s, java CPU ${cpuText(rate, items)} ms an item`,
      );
    }
  }
  console.log("  reads (ConsistentRead), one call at a time:");
  const keyOf = (index: number) => key(index % written);
  const gets = await measure(200, 1, (index) =>
    client.send(new GetItemCommand({ TableName: TABLE, Key: keyOf(index), ConsistentRead: true })),
  );
  console.log(
    `    GetItem: ${(1000 / gets.callsPerSecond).toFixed(1)} ms a call, ${gets.callsPerSecond.toFixed(0)} items/s`,
  );
  for (const keys of [10, 25, 100]) {
    const rate = await measure(40, 1, (index) =>
      client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [TABLE]: {
              ConsistentRead: true,
              Keys: Array.from({ length: keys }, (_, k) => keyOf(index * keys + k)),
            },
          },
        }),
      ),
    );
    console.log(
      `    BatchGetItem of ${keys}: ${(1000 / rate.callsPerSecond).toFixed(1)} ms a call, ${(rate.callsPerSecond * keys).toFixed(0)} items/s`,
    );
  }
  console.log("  conditional PutItem (attribute_not_exists), one item, no transaction:");
  let bestPutsPerSecond = 0;
  for (const inFlight of [1, 4, 8]) {
    const rate = await measure(200, inFlight, () => conditionalPut());
    bestPutsPerSecond = Math.max(bestPutsPerSecond, rate.callsPerSecond);
    console.log(
      `    ${inFlight} in flight: ${rate.callsPerSecond.toFixed(0).padStart(4)} Puts/s, java CPU ${cpuText(rate, 1)} ms a Put`,
    );
  }
  console.log(
    `  ceiling        ${bestItemsPerSecond.toFixed(0)} items/s at best ÷ ${itemsPerInstance} items an instance writes = ` +
      `${(bestItemsPerSecond / itemsPerInstance).toFixed(1)} instances/s for the ledger's writes alone, however they are grouped`,
  );
  console.log(
    `  floor design   ${bestPutsPerSecond.toFixed(0)} conditional Puts/s at best ÷ ${eventsPerInstance} events an instance folds = ` +
      `${(bestPutsPerSecond / eventsPerInstance).toFixed(1)} instances/s with one write per event and no read`,
  );
} finally {
  client.destroy();
  await dynamo.stop();
  await rm(dataDir, { recursive: true, force: true });
}
