import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Consumer } from "@bbws/contracts";
import { createDynamoLedgerStore, createLedgerTable, createMemoryLedgerStore } from "@bbws/ledger";
import {
  createFileEventArchive,
  createFileQueueStore,
  createFileServiceJournal,
  createMemoryEventArchive,
  createMemoryQueueStore,
} from "@bbws/local-cloud";
import { createJsonLogger, DYNAMODB_RETRY_SETTINGS, type EventPublisher, silentLogger } from "@bbws/mesh";
import { createLocalMesh, type LocalMesh } from "../../runtime/createLocalMesh.ts";
import { startDynamoLocal } from "../../runtime/dynamoLocal.ts";
import { createInMemoryCloud } from "../../runtime/inMemoryCloud.ts";
import { type DynamoFloor, measureDynamoFloor } from "./dynamoFloor.ts";

export type SagaMeshMode = "memory" | "durable";

export interface SagaMesh {
  readonly mesh: LocalMesh;
  /** Durable mode: DynamoDB Local's java process (its memory is not this process's), the ledger's calls. */
  readonly dynamo?: {
    readonly javaPid: number | undefined;
    /**
     * Calls the ledger made so far, by command (GetItemCommand, TransactWriteItemsCommand, ...),
     * and under TRANSACT_ITEMS the items those transactions wrote.
     */
    readonly calls: ReadonlyMap<string, number>;
    /**
     * Milliseconds the ledger's calls took, by command, from send to answer as this process saw
     * them: DynamoDB Local's time plus any wait for this process's event loop.
     */
    readonly callMs: ReadonlyMap<string, number>;
    floor(): Promise<DynamoFloor>;
  };
  stop(): Promise<void>;
}

const LEDGER_TABLE = "bbws-ledger";

/** The key of `calls` that counts items written by TransactWriteItems (not a command). */
export const TRANSACT_ITEMS = "TransactWriteItems.items";

export const WORDPRESS = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };

type WrapPublisher = (consumer: Consumer, bus: EventPublisher) => EventPublisher;

/**
 * The local mesh with zero-latency in-memory clouds, on one of two sets of stores:
 * - memory: in-memory ledger, queues, archive and journal;
 * - durable: what `npm start` uses (runtime/startLocalStack.ts): the ledger on DynamoDB Local
 *   (on disk), file-backed queues, event archive and service journal, in a fresh temp dir.
 */
export async function createSagaMesh(mode: SagaMeshMode, wrapPublisher: WrapPublisher): Promise<SagaMesh> {
  const common = {
    providers: createInMemoryCloud().providers,
    clock: Date.now,
    logger: process.env.BENCH_LOG ? createJsonLogger({ level: "warn" }) : silentLogger,
    specDefaults: { wordpress: WORDPRESS, baseDomain: "sites.example.com" },
    wrapPublisher,
  };
  if (mode === "memory") {
    const mesh = createLocalMesh({
      ...common,
      ledgerStore: createMemoryLedgerStore(),
      queueStore: () => createMemoryQueueStore(),
      archive: createMemoryEventArchive(),
    });
    return { mesh, stop: async () => {} };
  }
  const dataDir = await mkdtemp(join(tmpdir(), "bbws-bench-saga-"));
  const dynamo = await startDynamoLocal({ path: join(dataDir, "ledger") });
  const client = new DynamoDBClient({
    ...DYNAMODB_RETRY_SETTINGS,
    endpoint: dynamo.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await createLedgerTable(client, LEDGER_TABLE);
  const calls = new Map<string, number>();
  const callMs = new Map<string, number>();
  const count = (counts: Map<string, number>, name: string, by: number) =>
    counts.set(name, (counts.get(name) ?? 0) + by);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? "unknown";
      count(calls, name, 1);
      count(
        calls,
        TRANSACT_ITEMS,
        (args.input as { TransactItems?: readonly unknown[] }).TransactItems?.length ?? 0,
      );
      const sentAt = performance.now();
      try {
        return await next(args);
      } finally {
        count(callMs, name, performance.now() - sentAt);
      }
    },
    { step: "initialize", name: "benchCallCounter" },
  );
  const mesh = createLocalMesh({
    ...common,
    ledgerStore: createDynamoLedgerStore({ client, tableName: LEDGER_TABLE }),
    queueStore: (name) => createFileQueueStore(join(dataDir, "queues", name)),
    archive: createFileEventArchive(join(dataDir, "archive.jsonl")),
    journal: createFileServiceJournal(join(dataDir, "journal")),
  });
  return {
    mesh,
    dynamo: { javaPid: dynamo.pid, calls, callMs, floor: () => measureDynamoFloor(client, LEDGER_TABLE) },
    async stop() {
      client.destroy();
      await dynamo.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
