/**
 * The local mesh as a real process, for restart tests: everything it keeps lives outside it (queues,
 * archive and cloud inventory in files under the data dir, the ledger in DynamoDB Local), so killing it
 * with SIGKILL and starting it again over the same data dir and table is a crash and a restart.
 *
 *   tsx tests/support/meshProcess.ts --data-dir <dir> --endpoint <url> --table <name> provision <n>
 *   tsx tests/support/meshProcess.ts --data-dir <dir> --endpoint <url> --table <name> resume
 *
 * `provision <n>` creates the table if missing, asks the ledger for n instances (tenants t0001...,
 * environment dev), then runs. `resume` only runs, and exits 0 once the mesh is quiet.
 * Stdout carries `READY` once running and `QUIET` before a quiet exit; logs (warn and up) go to stderr.
 * `--pause-ms <ms>` makes compute's health check wait that long, as a real WordPress takes time to answer.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "node:util";
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from "@aws-sdk/client-dynamodb";
import { CONSUMERS } from "@bbws/contracts";
import type { LedgerStore } from "@bbws/ledger";
import { createFileEventArchive, createFileQueueStore } from "@bbws/local-cloud";
import { createJsonLogger } from "@bbws/mesh";
import { createDynamoLedgerStore } from "../../packages/ledger/src/adapters/dynamo/createDynamoLedgerStore.ts";
import { createLedgerTable } from "../../packages/ledger/src/adapters/dynamo/ledgerTable.ts";
import { createLocalMesh, type LocalMesh, type Providers } from "../../runtime/createLocalMesh.ts";
import { createInMemoryCloud } from "../../runtime/inMemoryCloud.ts";
import { SPEC_DEFAULTS } from "./simulatedMesh.ts";

const RELAY_INTERVAL_MS = 20;
const QUIET_CHECK_INTERVAL_MS = 100;
/** Quiet for this many checks in a row: a relay or a handler may be between two steps at one check. */
const QUIET_CHECKS_REQUIRED = 5;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "data-dir": { type: "string" },
    endpoint: { type: "string" },
    table: { type: "string" },
    "pause-ms": { type: "string", default: "0" },
  },
});
const dataDir = required(values["data-dir"], "--data-dir");
const endpoint = required(values.endpoint, "--endpoint");
const tableName = required(values.table, "--table");
const pauseMs = Number(values["pause-ms"]);
if (!Number.isInteger(pauseMs) || pauseMs < 0) throw new Error(`--pause-ms must be a whole number >= 0`);
const [command, count] = positionals;

const logger = createJsonLogger({ level: "warn", fields: { pid: process.pid } });
const client = new DynamoDBClient({
  endpoint,
  region: "eu-west-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
const ledgerStore = createDynamoLedgerStore({ client, tableName });
const cloud = createInMemoryCloud({ inventoryFile: path.join(dataDir, "inventory.json") });
const mesh = createLocalMesh({
  providers: withHealthCheckPause(cloud.providers, pauseMs),
  ledgerStore,
  queueStore: (name) => createFileQueueStore(path.join(dataDir, "queues", name)),
  archive: createFileEventArchive(path.join(dataDir, "archive.jsonl")),
  clock: Date.now,
  logger,
  specDefaults: SPEC_DEFAULTS,
  // Small SQS timings, so that a redelivery (a batch that outlived its visibility, a retry after a
  // failure) comes within a test's time rather than after the AWS defaults of 30 s and more.
  visibilityTimeoutMs: 2_000,
  retryBaseMs: 50,
  retryMaxMs: 500,
});

let running = true;
let relayLoop: Promise<void> = Promise.resolve();
let stopping: Promise<void> | null = null;

// `on`, not `once`: tsx relays the signal it gets, so a SIGTERM sent to the whole group may arrive twice,
// and a second one without a listener would kill the process mid-shutdown.
process.on("SIGTERM", () => {
  void shutdown(0);
});

await main().catch(async (error: unknown) => {
  logger.error("mesh process failed", { error });
  await shutdown(1);
});

async function main(): Promise<void> {
  if (command === "provision") {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1) throw new Error(`provision needs a positive count, got ${count}`);
    await ensureTable();
    // Every command is accepted before anything runs, so a kill during the run cannot lose an instance.
    for (let index = 1; index <= n; index += 1) await provision(`t${String(index).padStart(4, "0")}`);
  } else if (command !== "resume") {
    throw new Error(`unknown command ${command}; expected "provision <n>" or "resume"`);
  }
  start();
  process.stdout.write("READY\n");
  if (command === "resume") {
    await waitUntilQuiet(mesh, ledgerStore);
    process.stdout.write("QUIET\n");
    await shutdown(0);
  }
}

function start(): void {
  for (const consumer of CONSUMERS) mesh.runners[consumer].start();
  relayLoop = (async () => {
    while (running) {
      // A failed relay leaves the outbox as it was; the next round publishes it again.
      await mesh.relay().catch((error: unknown) => logger.error("relay failed", { error }));
      await delay(RELAY_INTERVAL_MS);
    }
  })();
}

/** Lets every runner finish the batch it holds and the relay its round, then exits; once. */
function shutdown(code: number): Promise<void> {
  stopping ??= (async () => {
    running = false;
    await Promise.all([...CONSUMERS.map((consumer) => mesh.runners[consumer].stop()), relayLoop]);
    client.destroy();
    process.exit(code);
  })();
  return stopping;
}

async function ensureTable(): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await createLedgerTable(client, tableName);
  }
}

async function provision(tenantId: string): Promise<void> {
  const result = await mesh.ledger.handleCommand({
    operation: "provision",
    instanceId: randomUUID(),
    operationId: randomUUID(),
    correlationId: randomUUID(),
    requestedBy: "restart-test",
    spec: {
      tenantId,
      environment: "dev",
      size: "small",
      desiredCount: 1,
      wordpress: SPEC_DEFAULTS.wordpress,
      hostname: `${tenantId}.sites.example.com`,
    },
  });
  if (result.outcome !== "accepted") throw new Error(`provision ${tenantId}: ${result.rejection.message}`);
}

/** Quiet: nothing visible or in flight in any consumer queue, and nothing left in the outbox. */
async function waitUntilQuiet(localMesh: LocalMesh, store: LedgerStore): Promise<void> {
  let quietChecks = 0;
  while (quietChecks < QUIET_CHECKS_REQUIRED) {
    await delay(QUIET_CHECK_INTERVAL_MS);
    const queuesEmpty = CONSUMERS.every((consumer) => {
      const { visible, inFlight } = localMesh.queues[consumer].counts();
      return visible === 0 && inFlight === 0;
    });
    const outboxEmpty = queuesEmpty && (await store.pendingOutbox(1)).length === 0;
    quietChecks = outboxEmpty ? quietChecks + 1 : 0;
  }
}

function withHealthCheckPause(providers: Providers, ms: number): Providers {
  if (ms === 0) return providers;
  const { compute } = providers;
  return {
    ...providers,
    compute: {
      ...compute,
      async checkHealth(instance, input) {
        await delay(ms);
        return compute.checkHealth(instance, input);
      },
    },
  };
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`missing ${name}`);
  return value;
}
