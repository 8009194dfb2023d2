import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../runtime/dynamoLocal.ts";
import { liveProcesses, type ProcEntry } from "../support/procScan.ts";

/**
 * `npm start | tee start.log`, then Ctrl-C: the terminal signals the whole foreground group, tee
 * dies, and every later write of the stack to its stdout/stderr fails with EPIPE. Shutdown must
 * still stop every tenant's php group and the stack's helpers. Here the stack runs as the leader
 * of its own group with one provisioned tenant; the test closes the reading ends of its pipes,
 * signals the group, and then looks in /proc for anything the stack left.
 */
const tenantId = `down${Date.now().toString(36).slice(-6)}`;
const dataDir = mkdtempSync(join(tmpdir(), "bbws-shutdown-"));
chmodSync(dataDir, 0o711);
const computeDir = join(dataDir, "compute");
const children: ChildProcess[] = [];
/** Generous guards for a loaded machine: they catch a hang, they do not measure speed. */
const START_GUARD_MS = 120_000;
const EXIT_GUARD_MS = 90_000;

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) kill(-child.pid!);
  // A failed assertion must not leak: whatever the stack left is killed here.
  for (const found of leftovers()) kill(found.pid);
  await dropTenantDatabase();
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly token: string;
}

async function startStack(ports: { proxy: number; api: number; events: number }): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/start.ts",
      ...["--data-dir", dataDir, "--proxy-port", String(ports.proxy)],
      ...["--api-port", String(ports.api), "--events-port", String(ports.events)],
    ],
    // Its own group, as `npm start` in a terminal: a signal to the group reaches cognito-local too.
    { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  children.push(child);
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const token = /export BBWS_TOKEN=(\S+)/;
  await until(
    () => token.test(output) || child.exitCode !== null,
    START_GUARD_MS,
    () => output,
  );
  expect(child.exitCode, `the stack did not start:\n${output}`).toBeNull();
  return { child, output: () => output, token: token.exec(output)?.[1] ?? "" };
}

async function until(done: () => boolean | Promise<boolean>, guardMs: number, explain: () => string) {
  const deadline = Date.now() + guardMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting:\n${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The tenant's php -S processes: they carry their config under this data dir. */
function phpProcesses(): ProcEntry[] {
  return liveProcesses().filter((found) =>
    found.environ.some((variable) => variable.startsWith(`WP_TENANT_CONFIG=${computeDir}/`)),
  );
}

/** php of our tenants, DynamoDB Local on our ledger, cognito-local in our data dir. */
function leftovers(): ProcEntry[] {
  const ledger = join(dataDir, "ledger");
  return liveProcesses().filter(
    (found) =>
      found.environ.some((variable) => variable.startsWith(`WP_TENANT_CONFIG=${computeDir}/`)) ||
      (found.cmdline.includes("-dbPath") && found.cmdline.includes(ledger)) ||
      (found.cmdline.some((part) => part.includes("cognito-local")) &&
        found.cwd === join(dataDir, "cognito")),
  );
}

function recordedPgids(): number[] {
  const file = join(computeDir, "registry.json");
  if (!existsSync(file)) return [];
  const { tenants } = JSON.parse(readFileSync(file, "utf8")) as {
    tenants: Record<string, { pgid: number | null }>;
  };
  return Object.values(tenants).flatMap((entry) => (entry.pgid === null ? [] : [entry.pgid]));
}

function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // gone already
  }
}

async function dropTenantDatabase(): Promise<void> {
  const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  try {
    await db.query(`DROP DATABASE IF EXISTS \`wp_${tenantId}\``);
    const [users] = await db.query<RowDataPacket[]>("SELECT Host FROM mysql.user WHERE User = ?", [
      `wp_${tenantId}`,
    ]);
    for (const { Host } of users) await db.query("DROP USER IF EXISTS ?@?", [`wp_${tenantId}`, Host]);
  } finally {
    await db.end();
  }
}

async function provision(stack: Running, apiPort: number): Promise<void> {
  const api = `http://127.0.0.1:${apiPort}/v1.0`;
  const authorization = `Bearer ${stack.token}`;
  const created = await fetch(`${api}/instances`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json", "idempotency-key": randomUUID() },
    body: JSON.stringify({ tenantId, environment: "dev" }),
  });
  expect(created.status).toBe(202);
  const { instanceId } = (await created.json()) as { instanceId: string };
  const state = async () => {
    const answer = await fetch(`${api}/instances/${instanceId}`, { headers: { authorization } });
    return ((await answer.json()) as { state: string }).state;
  };
  await until(async () => (await state()) === "ACTIVE", START_GUARD_MS, stack.output);
}

/** tee is gone: the stack's stdout and stderr now lead nowhere; then the terminal's signal. */
async function breakPipesAndSignal(stack: Running, signal: NodeJS.Signals) {
  // The file the stack writes to once its streams fail; earlier cases' lines are skipped.
  const fallback = join(dataDir, "stack-output.log");
  const from = existsSync(fallback) ? statSync(fallback).size : 0;
  stack.child.stdout?.destroy();
  stack.child.stderr?.destroy();
  const exited = once(stack.child, "exit");
  process.kill(-stack.child.pid!, signal);
  const guard = new Promise<"hung">((resolve) => setTimeout(resolve, EXIT_GUARD_MS, "hung").unref());
  const outcome = await Promise.race([exited, guard]);
  return {
    exited: outcome !== "hung",
    log: existsSync(fallback)
      ? readFileSync(fallback).subarray(from).toString("utf8")
      : "(no stack-output.log)",
  };
}

function expectNothingLeft(pgids: readonly number[], log: string): void {
  // The pipes really broke, and the orderly stop still ran to its end.
  expect(log).toMatch(/the output stream failed \(EPIPE\)/);
  expect(log).toContain("stopping WordPress processes");
  expect(log).toContain("stopped; data kept");
  const ofGroups = liveProcesses().filter((found) => pgids.includes(found.pgid));
  expect(
    ofGroups.map((found) => found.pid),
    `processes of the php groups ${pgids}; log:\n${log}`,
  ).toEqual([]);
  const left = leftovers().map((found) => `${found.pid} ${found.cmdline.join(" ")}`);
  expect(left, `left behind; log:\n${log}`).toEqual([]);
}

describe("shutdown of npm start when its output is gone", () => {
  const ports = { proxy: 0, api: 0, events: 0 };

  it("SIGINT (Ctrl-C with tee dead): the stack exits and no php of its tenant is left", async () => {
    Object.assign(ports, { proxy: await freePort(), api: await freePort(), events: await freePort() });
    const stack = await startStack(ports);
    await provision(stack, ports.api);
    const pgids = [...new Set([...recordedPgids(), ...phpProcesses().map((found) => found.pgid)])];
    expect(phpProcesses().length, "php processes before the signal").toBeGreaterThan(0);

    const { exited, log } = await breakPipesAndSignal(stack, "SIGINT");

    expect(exited, `the stack did not exit; log:\n${log}`).toBe(true);
    expectNothingLeft(pgids, log);
  }, 400_000);

  it("SIGHUP (the terminal closed): the restarted stack exits and no php of its tenant is left", async () => {
    // The data dir of the first case: this start restarts the tenant's WordPress.
    expect(recordedPgids(), "the first case provisioned a tenant").not.toEqual([]);
    const stack = await startStack(ports);
    await until(() => phpProcesses().length > 0, START_GUARD_MS, stack.output);
    const pgids = [...new Set([...recordedPgids(), ...phpProcesses().map((found) => found.pgid)])];

    const { exited, log } = await breakPipesAndSignal(stack, "SIGHUP");

    expect(exited, `the stack did not exit; log:\n${log}`).toBe(true);
    expectNothingLeft(pgids, log);
  }, 300_000);
});
