import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { useLocalStackForTests } from "../support/localStackHarness.ts";

/**
 * HLD 6.2 on the real local stack: a credentials rotation (alternating users) while visitors load
 * the site. The switch must cost no request, the old password must stop working, and the new one
 * must live only in the tenant's 0600 files.
 */
const TENANT = "e2erotate";
const local = useLocalStackForTests("bbws-e2e-rotation-");
const { call, site, dataDir } = local;

interface Credentials {
  readonly user: string;
  readonly password: string;
}

async function waitForOperation(instanceId: string, operationId: string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { json } = await call("GET", `/v1.0/operations/${operationId}`);
    if (json.status === "COMPLETED" || json.status === "FAILED") return json;
    if (Date.now() > deadline)
      throw new Error(`${instanceId}: operation ${operationId} still ${json.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForActive(instanceId: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { json } = await call("GET", `/v1.0/instances/${instanceId}`);
    if (json.state === "ACTIVE") return;
    if (Date.now() > deadline) throw new Error(`${instanceId} is ${String(json.state)}, not ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function logsIn(credentials: Credentials): Promise<boolean> {
  try {
    const { user, password } = credentials;
    const connection = await createConnection({ host: "127.0.0.1", port: 3306, user, password });
    await connection.end();
    return true;
  } catch (error) {
    expect((error as { code?: string }).code).toBe("ER_ACCESS_DENIED_ERROR");
    return false;
  }
}

/** Every file under the data dir whose bytes contain `needle`. */
function filesContaining(directory: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    if (readFileSync(file).includes(needle)) found.push(file);
  }
  return found.sort();
}

/** GETs against the site, `workers` at a time, until `stop` resolves; every status (0: no answer). */
async function loadUntil(stop: Promise<unknown>, workers: number): Promise<number[]> {
  const statuses: number[] = [];
  let stopped = false;
  void stop.finally(() => {
    stopped = true;
  });
  const worker = async () => {
    while (!stopped) statuses.push((await site(TENANT).catch(() => ({ status: 0 }))).status);
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return statuses;
}

describe("credentials rotation on the local stack", () => {
  it("rotates under a load of GETs with no 5xx; the old password stops working; the new one is only in 0600 files", async () => {
    const created = await call("POST", "/v1.0/instances", { tenantId: TENANT, environment: "dev" });
    expect(created.status, JSON.stringify(created.json)).toBe(202);
    const instanceId = String(created.json.instanceId);
    await waitForActive(instanceId);
    const secretFile = join(dataDir, "secrets", TENANT, "dev", "db.secret");
    const configFile = join(dataDir, "compute", TENANT, "wp-config.php");
    const before = JSON.parse(readFileSync(secretFile, "utf8")) as Credentials;

    const rotation = call("POST", `/v1.0/instances/${instanceId}/rotate-credentials`).then(async (answer) => {
      expect(answer.status, JSON.stringify(answer.json)).toBe(202);
      return waitForOperation(instanceId, String(answer.json.operationId));
    });
    const statuses = await loadUntil(rotation, 4);
    const outcome = await rotation;
    expect(outcome.status, JSON.stringify(outcome)).toBe("COMPLETED");
    expect(statuses.length).toBeGreaterThan(20);
    console.info(`rotation under load: ${statuses.length} GETs`);
    expect(statuses.filter((status) => status >= 500 || status === 0)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const after = JSON.parse(readFileSync(secretFile, "utf8")) as Credentials;
    expect(after.user).toBe(`wp_${TENANT}_alt`);
    expect(after.password).not.toBe(before.password);
    expect(await logsIn(before)).toBe(false);
    expect(await logsIn(after)).toBe(true);
    expect(readFileSync(configFile, "utf8")).toContain(`define('DB_PASSWORD', '${after.password}');`);
    // Only the tenant's config and its secret hold the new password, both 0600; no log, event or journal.
    expect(filesContaining(dataDir, after.password)).toEqual([configFile, secretFile].sort());
    for (const file of [configFile, secretFile]) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(filesContaining(dataDir, before.password)).toEqual([]);
    expect((await site(TENANT)).status).toBe(200);

    const events = await call("GET", `/v1.0/instances/${instanceId}/events`);
    const names = (events.json.items as { type: string }[]).map((event) => event.type);
    expect(names).toEqual(expect.arrayContaining(["CredentialsRotationRequested", "CredentialsRotated"]));
  }, 240_000);
});
