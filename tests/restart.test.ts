/**
 * Crash recovery of the local runtime: kill -9 the mesh process in the middle of a provisioning saga,
 * start it again over the same files and ledger table, and every instance must end where it would have
 * ended without the crash. DynamoDB Local (the ledger) runs outside the killed process, like a database.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CONSUMERS, type InstanceRecord, resourceNames, SERVICES, type Service } from "@bbws/contracts";
import { createFileQueueStore } from "@bbws/local-cloud";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createDynamoLedgerStore } from "../packages/ledger/src/adapters/dynamo/createDynamoLedgerStore.ts";
import { createLedgerTable } from "../packages/ledger/src/adapters/dynamo/ledgerTable.ts";
import { type Inventory, loadInventory } from "../runtime/inMemoryCloud.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const MESH_PROCESS = path.join(ROOT, "tests", "support", "meshProcess.ts");

const INSTANCES = 20;
/** Kill once this many instances have their compute service: past the first stage, far from done. */
const KILL_AT_COMPUTE_RESOURCES = 10;
/**
 * Compute's health check waits this long in the first run. Compute handles the records of a batch one
 * after another, so with the pause it creates at most one service per pause: when the test sees 10 and
 * kills, at most ~11 instances can be ACTIVE, however fast the machine. Without it, compute went from 8
 * to 20 services within a second here while the ledger lagged behind. A batch of 10 pauses stays well
 * under the 2 s visibility timeout of the mesh process, so the pause itself causes no redelivery.
 */
const HEALTH_CHECK_PAUSE_MS = 100;
const POLL_MS = 20;

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });

/** One run of tests/support/meshProcess.ts, leading its own process group (tsx runs node as a child). */
interface MeshRun {
  readonly pid: number;
  stdoutLines(): string[];
  /** The tail of stdout and stderr, for failure messages. */
  output(): string;
  /** Set once tsx has exited and the pipes are closed: the whole run is gone. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
}

const runs: MeshRun[] = [];
let dataDir = "";
let tableName = "";

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bbws-restart-"));
  tableName = `ledger-restart-${randomUUID()}`;
  await createLedgerTable(client, tableName);
});

afterEach(async () => {
  // No orphans: whatever is still running (a failed assertion, a timeout) goes with its whole group.
  for (const run of runs.splice(0)) {
    if (run.exit() !== undefined) continue;
    try {
      process.kill(-run.pid, "SIGKILL");
    } catch {
      // The group died on its own and its "close" has not been seen yet.
    }
    await waitFor("the mesh process group to exit", () => run.exit(), 5_000, run, { exitExpected: true });
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  await client.send(new DeleteTableCommand({ TableName: tableName }));
});

afterAll(() => client.destroy());

describe("local runtime, crash and restart", () => {
  it("kill -9 mid-saga, then resume: every instance ends ACTIVE with exactly its resources", async () => {
    const startedAt = Date.now();
    const first = startMesh("provision", String(INSTANCES), "--pause-ms", String(HEALTH_CHECK_PAUSE_MS));
    await waitFor(
      "READY from the provisioning run",
      () => first.stdoutLines().includes("READY"),
      30_000,
      first,
    );
    await waitFor(
      `${KILL_AT_COMPUTE_RESOURCES} compute resources in the inventory`,
      () => inventory().live.compute.size >= KILL_AT_COMPUTE_RESOURCES,
      30_000,
      first,
    );

    // kill -9 of the whole group: tsx and the node process running the mesh. Its "close" comes once
    // both are gone (both hold the pipes), whether or not anyone has reaped the node process yet.
    process.kill(-first.pid, "SIGKILL");
    const death = await waitFor("the provisioning run to die", () => first.exit(), 5_000, first, {
      exitExpected: true,
    });
    expect(death, "the provisioning run must die by SIGKILL, not finish on its own").toEqual({
      code: null,
      signal: "SIGKILL",
    });

    // Nothing writes any more, so what is stored now is what the crash left behind.
    const atKill = await ledgerRecords();
    const activeAtKill = atKill.filter((record) => record.state === "ACTIVE").length;
    const computeAtKill = inventory().live.compute.size;
    expect(atKill, "every provision command was accepted before the mesh started").toHaveLength(INSTANCES);
    expect(
      activeAtKill,
      `the kill must land mid-saga, but ${activeAtKill} of ${INSTANCES} instances were already ACTIVE`,
    ).toBeLessThan(INSTANCES);
    const killedAt = Date.now();

    const second = startMesh("resume");
    await waitFor("QUIET from the resumed run", () => second.stdoutLines().includes("QUIET"), 60_000, second);
    const finished = await waitFor("the resumed run to exit", () => second.exit(), 10_000, second, {
      exitExpected: true,
    });
    expect(finished, `the resumed run must exit 0 once quiet:\n${second.output()}`).toEqual({
      code: 0,
      signal: null,
    });

    const records = await ledgerRecords();
    const problems = [
      ...instanceProblems(records, inventory()),
      ...queueProblems(),
      ...(records.length === INSTANCES
        ? []
        : [`the ledger holds ${records.length} instances, not ${INSTANCES}`]),
    ];
    expect(
      problems,
      `after a kill with ${activeAtKill}/${INSTANCES} ACTIVE and ${computeAtKill} compute resources`,
    ).toEqual([]);
    console.info(
      `restart test: killed after ${killedAt - startedAt} ms with ${activeAtKill} ACTIVE and ` +
        `${computeAtKill} compute resources; resumed run quiet after ${Date.now() - killedAt} ms`,
    );
  }, 120_000);
});

function startMesh(...command: string[]): MeshRun {
  const args = ["--data-dir", dataDir, "--endpoint", inject("dynamoEndpoint"), "--table", tableName];
  const child = spawn(TSX, [MESH_PROCESS, ...args, ...command], {
    cwd: ROOT,
    detached: true, // its own process group, so one kill reaches tsx and the node process it runs
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${MESH_PROCESS}`);
  let stdout = "";
  let tail = "";
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    tail = (tail + chunk.toString("utf8")).slice(-4_000);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4_000);
  });
  // "close", not "exit": by then stdout is fully read, and no process of the group (tsx, and the node
  // process it runs, which inherits the pipes) is left running.
  child.on("close", (code, signal) => {
    exit = { code, signal };
  });
  const run: MeshRun = {
    pid: child.pid,
    stdoutLines: () => stdout.split("\n"),
    output: () => tail,
    exit: () => exit,
  };
  runs.push(run);
  return run;
}

/**
 * Polls until `probe` gives something truthy; fails at the deadline, or at once if the run exited
 * while it was meant to keep running.
 */
async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs: number,
  run: MeshRun,
  { exitExpected = false } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    const exit = run.exit();
    if (exit !== undefined && !exitExpected)
      throw new Error(
        `waiting for ${what}, the mesh process exited (${JSON.stringify(exit)}):\n${run.output()}`,
      );
    if (Date.now() > deadline)
      throw new Error(`no ${what} within ${timeoutMs} ms; mesh process output:\n${run.output()}`);
    await delay(POLL_MS);
  }
}

function inventory(): Inventory {
  return loadInventory(path.join(dataDir, "inventory.json"));
}

async function ledgerRecords(): Promise<InstanceRecord[]> {
  const store = createDynamoLedgerStore({ client, tableName });
  const page = await store.list({ limit: 10 * INSTANCES });
  return [...page.items];
}

const RESOURCE_OF: Record<Service, (tenantId: string) => string> = {
  identity: (tenantId) => resourceNames(tenantId, "dev").userPool,
  storage: (tenantId) => resourceNames(tenantId, "dev").databaseName,
  routing: (tenantId) => resourceNames(tenantId, "dev").targetGroup,
  compute: (tenantId) => resourceNames(tenantId, "dev").ecsService,
};

/** ACTIVE, with exactly one live resource per service, created once; nothing live for anyone else. */
function instanceProblems(records: readonly InstanceRecord[], { live, creations }: Inventory): string[] {
  const problems: string[] = [];
  for (const record of records) {
    const who = `${record.tenantId} (${record.instanceId})`;
    if (record.state !== "ACTIVE")
      problems.push(`${who} is ${record.state}, operation ${record.operation.status}, not ACTIVE`);
    for (const service of SERVICES) {
      const name = RESOURCE_OF[service](record.tenantId);
      const held = [...live[service]].filter(([, instanceId]) => instanceId === record.instanceId);
      if (held.length !== 1 || held[0]?.[0] !== name)
        problems.push(
          `${who} holds ${service} [${held.map(([resource]) => resource).join(", ")}], expected [${name}]`,
        );
      const created = creations[service].get(name) ?? 0;
      if (created > 1) problems.push(`${who}: ${service} ${name} was created ${created} times`);
    }
  }
  const known = new Set(records.map((record) => record.instanceId));
  for (const service of SERVICES) {
    for (const [name, instanceId] of live[service])
      if (!known.has(instanceId))
        problems.push(`orphan ${service} ${name} of unknown instance ${instanceId}`);
  }
  return problems;
}

/** The consumer queues and their dead-letter queues, as the files the mesh process left. */
function queueProblems(): string[] {
  const problems: string[] = [];
  for (const consumer of CONSUMERS) {
    for (const name of [consumer, `${consumer}-dlq`]) {
      const dir = path.join(dataDir, "queues", name);
      const left = fs.existsSync(dir)
        ? createFileQueueStore(dir)
            .load()
            .map((m) => m.messageId)
        : [];
      if (left.length > 0)
        problems.push(`${left.length} message(s) left in queue ${name}: ${left.join(", ")}`);
    }
  }
  return problems;
}
