import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../runtime/dynamoLocal.ts";

/**
 * kill -9 of `npm start` in the middle of a provisioning; started again on the
 * same data dir, the instance still reaches ACTIVE with exactly one of each resource.
 */
const tenantId = `crash${Date.now().toString(36).slice(-6)}`;
const dataDir = mkdtempSync(join(tmpdir(), "bbws-crash-"));
chmodSync(dataDir, 0o711);
const children: ChildProcess[] = [];

// The stack still running is stopped in order (SIGTERM: its DynamoDB Local, cognito-local and php
// go with it); the one killed mid-test left its own, which the second start reaped.
afterAll(async () => {
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  await Promise.all(
    running.map(async (child) => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      await exited;
      clearTimeout(timer);
    }),
  );
  rmSync(dataDir, { recursive: true, force: true });
}, 90_000);

interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly token: string;
}

async function startStack(ports: { proxy: number; api: number }): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/start.ts",
      "--data-dir",
      dataDir,
      "--proxy-port",
      String(ports.proxy),
      "--api-port",
      String(ports.api),
    ],
    {
      cwd: join(import.meta.dirname, "..", ".."),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", () => {});
  await until(
    () => /export BBWS_TOKEN=(\S+)/.test(output),
    90_000,
    () => `stack did not start:\n${output}`,
  );
  return { child, output: () => output, token: /export BBWS_TOKEN=(\S+)/.exec(output)?.[1] ?? "" };
}

async function until(
  done: () => boolean | Promise<boolean>,
  timeoutMs: number,
  explain: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(explain());
}

describe("crash of the local stack mid-provisioning", () => {
  it("resumes after kill -9 and the instance reaches ACTIVE with no duplicate resource", async () => {
    const ports = { proxy: await freePort(), api: await freePort() };
    const api = `http://127.0.0.1:${ports.api}/v1.0`;
    const first = await startStack(ports);
    const headers = { authorization: `Bearer ${first.token}`, "content-type": "application/json" };
    const created = await fetch(`${api}/instances`, {
      method: "POST",
      headers: { ...headers, "idempotency-key": randomUUID() },
      body: JSON.stringify({ tenantId, environment: "dev" }),
    });
    expect(created.status).toBe(202);
    const { instanceId } = (await created.json()) as { instanceId: string };
    // Mid-saga: compute has been asked to start WordPress, nothing is ACTIVE yet.
    await until(
      () => first.output().includes("ComputeRequested"),
      60_000,
      () => first.output(),
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(first.output()).not.toContain("InstanceActivated");

    const second = await startStack(ports);
    const state = async () => {
      const answer = await fetch(`${api}/instances/${instanceId}`, {
        headers: { authorization: `Bearer ${second.token}` },
      });
      return ((await answer.json()) as { state: string }).state;
    };
    await until(
      async () => (await state()) === "ACTIVE",
      90_000,
      () => `not ACTIVE:\n${second.output()}`,
    );

    const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
    const [schemas] = await db.query(
      "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
      [`wp_${tenantId}`],
    );
    await db.end();
    expect(schemas).toHaveLength(1);
    const registry = readFileSync(join(dataDir, "compute", "registry.json"), "utf8");
    expect(registry.split(tenantId).length - 1, "compute registry entries").toBeGreaterThan(0);
    const groups = JSON.parse(readFileSync(join(dataDir, "routing", "target-groups.json"), "utf8")) as Record<
      string,
      { targets: string[] }
    >;
    expect(Object.keys(groups).filter((name) => name.includes(tenantId))).toEqual([`tg-${tenantId}-dev`]);
    expect(groups[`tg-${tenantId}-dev`]?.targets).toHaveLength(1);
    const identityRecords = readdirSync(join(dataDir, "identity", "records")).filter((name) =>
      name.includes(instanceId),
    );
    expect(identityRecords.length, "identity records of the instance").toBeGreaterThan(0);

    // Clean up through the product itself, then stop it the way an operator does.
    const removed = await fetch(`${api}/instances/${instanceId}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${second.token}`, "idempotency-key": randomUUID() },
    });
    expect(removed.status).toBe(202);
    await until(
      async () => (await state()) === "DEPROVISIONED",
      60_000,
      () => second.output(),
    );
    second.child.kill("SIGINT");
    await new Promise((resolve) => second.child.once("exit", resolve));
    expect(second.output()).toContain("stopped; data kept");
  }, 240_000);
});
