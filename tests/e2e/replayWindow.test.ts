import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type BusEvent, resourceNames } from "@bbws/contracts";
import { createConnection } from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { type Json, useLocalStackForTests } from "../support/localStackHarness.ts";
import { NO_TRACES, tenantTraces } from "../support/localTenantTraces.ts";

/**
 * Issue 14's proof on the real local stack: a replay of the WHOLE archive window, every
 * instance at once, changes nothing. Three tenants of real WordPress: one stays ACTIVE, one is
 * SUSPENDED, one DEPROVISIONED; after the replay their states, last operations, sites and
 * resources are as before, and the deprovisioned one has nothing anywhere.
 */
const suffix = randomBytes(3).toString("hex");
const ACTIVE = `rwact${suffix}`;
const SUSPENDED = `rwsus${suffix}`;
const GONE = `rwgone${suffix}`;
const TENANTS = [ACTIVE, SUSPENDED, GONE];
const startedAt = new Date();
const local = useLocalStackForTests("bbws-replay-");
const { call, site, waitForQuiet, dataDir } = local;

afterAll(async () => {
  // The MariaDB is shared: a failed run must not leave our tenants' databases and accounts.
  const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  for (const tenantId of TENANTS) {
    const names = resourceNames(tenantId, "dev");
    await db.query(`DROP DATABASE IF EXISTS \`${names.databaseName}\``);
    for (const host of ["%", "localhost", "127.0.0.1"])
      await db.query("DROP USER IF EXISTS ?@?", [names.databaseUser, host]);
  }
  await db.end();
}, 60_000);

const ids = new Map<string, string>();
/** Each instance as the API showed it just before the replay. */
const before = new Map<string, Json>();
let archivedBeforeReplay = 0;

const instance = async (tenantId: string) => (await call("GET", `/v1.0/instances/${ids.get(tenantId)}`)).json;

/** Until the instance's state is `state` and its last operation COMPLETED. */
async function settle(tenantId: string, state: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  let last: Json = {};
  while (Date.now() < deadline) {
    last = await instance(tenantId);
    if (last.state === state && (last.operation as { status: string }).status === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${tenantId} not ${state} in time: ${JSON.stringify([last.state, last.operation])}`);
}

describe("a replay of the whole archive window on the local stack", () => {
  it("provisions three tenants; each site answers 200", async () => {
    for (const tenantId of TENANTS) {
      const created = await call("POST", "/v1.0/instances", { tenantId, environment: "dev" });
      expect(created.status, JSON.stringify(created.json)).toBe(202);
      ids.set(tenantId, String(created.json.instanceId));
    }
    for (const tenantId of TENANTS) await settle(tenantId, "ACTIVE");
    for (const tenantId of TENANTS) expect((await site(tenantId)).status, tenantId).toBe(200);
  }, 400_000);

  it("suspends one (maintenance 503) and deprovisions one (nothing of it left)", async () => {
    expect((await call("POST", `/v1.0/instances/${ids.get(SUSPENDED)}/suspend`)).status).toBe(202);
    expect((await call("DELETE", `/v1.0/instances/${ids.get(GONE)}`)).status).toBe(202);
    await settle(SUSPENDED, "SUSPENDED");
    await settle(GONE, "DEPROVISIONED");
    await expectServing();
    expect(await tenantTraces(dataDir, GONE)).toEqual(NO_TRACES);
    // The probes see a live tenant's every resource: an empty answer above means something.
    const live = await tenantTraces(dataDir, ACTIVE);
    for (const [kind, found] of Object.entries(live))
      expect(found === true || (Array.isArray(found) && found.length > 0), `${ACTIVE} ${kind}`).toBe(true);
  }, 300_000);

  it("re-sends every archived event, and the consumers absorb them all", async () => {
    await waitForQuiet();
    for (const tenantId of TENANTS) before.set(tenantId, await instance(tenantId));
    const archived = archivedEvents();
    archivedBeforeReplay = archived.length;
    const window = { from: startedAt.toISOString(), to: new Date().toISOString() };
    const replay = await call("POST", "/v1.0/replays", window);
    expect(replay.status, JSON.stringify(replay.json)).toBe(202);
    expect(replay.json.eventsReplayed).toBe(archived.length);
    await waitForQuiet();
  }, 360_000);

  it("answers the replay with no new event: no service acted, the ledger asked for nothing", () => {
    // OrphansFound comes from the orphan scan (a loop of its own), asserted below.
    const answers = archivedEvents()
      .slice(archivedBeforeReplay)
      .filter((event) => event["replay-name"] === undefined && event["detail-type"] !== "OrphansFound");
    expect(
      answers.map((event) => `${event.source} ${event["detail-type"]} ${event.detail.meta.tenantId}`),
    ).toEqual([]);
  });

  it("leaves every instance's state and last operation as they were; no operation started", async () => {
    for (const tenantId of TENANTS) {
      const after = await instance(tenantId);
      const was = before.get(tenantId) ?? {};
      expect({ tenantId, state: after.state, operation: after.operation }).toEqual({
        tenantId,
        state: was.state,
        operation: was.operation,
      });
    }
    expect(before.get(GONE)?.state).toBe("DEPROVISIONED");
    await expectServing();
  }, 60_000);

  it("leaves the deprovisioned tenant nothing: database, accounts, content, php, route, pool", async () => {
    expect(await tenantTraces(dataDir, GONE)).toEqual(NO_TRACES);
  }, 60_000);

  it("leaves the orphan scan nothing to report", async () => {
    const scan = await call("GET", "/v1.0/orphans");
    expect(scan.status, JSON.stringify(scan.json)).toBe(200);
    expect(scan.json.orphans).toEqual([]);
  }, 60_000);

  it("dead-letters nothing", async () => {
    const dlq = await call("GET", "/v1.0/dlq");
    expect(dlq.status).toBe(200);
    const queues = dlq.json.queues as { consumer: string; approximateCount: number; messages: unknown[] }[];
    expect(queues.map((queue) => [queue.consumer, queue.approximateCount, queue.messages])).toEqual(
      queues.map((queue) => [queue.consumer, 0, []]),
    );
    expect(queues).toHaveLength(5);
  }, 30_000);
});

/** The bus's archive; replayed copies are not archived again (as EventBridge does). */
function archivedEvents(): BusEvent<string, { meta: { tenantId?: string } }>[] {
  return readFileSync(join(dataDir, "archive.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { event: BusEvent<string, { meta: { tenantId?: string } }> }).event);
}

/** ACTIVE answers with its WordPress, SUSPENDED with the maintenance page, DEPROVISIONED not at all. */
async function expectServing(): Promise<void> {
  const active = await site(ACTIVE);
  expect(active.status).toBe(200);
  expect(active.body).toContain(`<title>${ACTIVE}`);
  const suspended = await site(SUSPENDED);
  expect(suspended.status).toBe(503);
  expect(suspended.body).toContain("Down for maintenance");
  expect((await site(GONE)).status).toBe(404);
}
