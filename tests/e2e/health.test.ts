import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { useLocalStackForTests } from "../support/localStackHarness.ts";

/**
 * Health on the real local stack: the live check's parts against real php, the proxy, MariaDB
 * and the inventories; drift found by dropping what storage created, by hand.
 */
const TENANT = "e2ehealth";
const local = useLocalStackForTests("bbws-health-");
const { call } = local;

async function waitForActive(instanceId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { json } = await call("GET", `/v1.0/instances/${instanceId}`);
    if (json.state === "ACTIVE" && (json.operation as { status: string }).status === "COMPLETED") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${instanceId} did not become ACTIVE in time`);
}

const healthPath = (instanceId: string) => `/v1.0/instances/${instanceId}/health`;

/** The tenant's php -S group, as compute's registry records it. */
function phpGroupOf(tenantId: string): number {
  const registry = JSON.parse(readFileSync(join(local.dataDir, "compute", "registry.json"), "utf8")) as {
    tenants: Record<string, { pgid: number }>;
  };
  const pgid = registry.tenants[tenantId]?.pgid;
  if (!pgid) throw new Error(`no php group recorded for ${tenantId}`);
  return pgid;
}

async function waitForTimeline(instanceId: string, tail: string[]): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  let types: string[] = [];
  while (Date.now() < deadline) {
    const { json } = await call("GET", `/v1.0/instances/${instanceId}/events`);
    types = (json.items as { type: string }[]).map((item) => item.type);
    if (tail.every((type, index) => types.at(index - tail.length) === type)) return types;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return types;
}

async function waitForHealth(instanceId: string, done: (json: Record<string, unknown>) => boolean) {
  const deadline = Date.now() + 40_000;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    last = (await call("GET", healthPath(instanceId))).json;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`health not as awaited in time: ${JSON.stringify(last)}`);
}
type Part = { part: string; outcome: string; ms: number };

describe("instance health on the local stack", () => {
  let instanceId = "";

  it("POST .../health checks a fresh site: every part passes (each part's time printed)", async () => {
    const created = await call("POST", "/v1.0/instances", { tenantId: TENANT, environment: "dev" });
    instanceId = String(created.json.instanceId);
    await waitForActive(instanceId);
    expect((await local.site(TENANT)).status).toBe(200); // WordPress's first answer is its slowest
    const started = Date.now();
    const checked = await call("POST", healthPath(instanceId));
    const elapsed = Date.now() - started;
    expect(checked.status, JSON.stringify(checked.json)).toBe(200);
    const parts = (checked.json.check as { parts: Part[] }).parts;
    expect(parts.map((part) => [part.part, part.outcome])).toEqual([
      ["process", "pass"],
      ["route", "pass"],
      ["http", "pass"],
      ["drift", "pass"],
    ]);
    expect(checked.json).toMatchObject({ status: "HEALTHY", watched: true, observer: "live-check" });
    console.info(
      `live check: ${elapsed} ms over HTTP; parts ${parts.map((p) => `${p.part} ${p.ms} ms`).join(", ")}`,
    );
  }, 90_000);

  it("kill -9 of its php group: the site answers 200 again within 10 s; the timeline shows the stop and the recovery", async () => {
    const pgid = phpGroupOf(TENANT);
    process.kill(-pgid, "SIGKILL");
    const killedAt = Date.now();
    let status = 0;
    const seen = new Set<number>();
    while (Date.now() - killedAt < 10_000) {
      status = (await local.site(TENANT)).status;
      seen.add(status);
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    console.info(`kill -9 → 200 after ${Date.now() - killedAt} ms; answers seen: ${[...seen].join(", ")}`);
    expect(phpGroupOf(TENANT)).not.toBe(pgid);
    const types = await waitForTimeline(instanceId, [
      "TaskStopped",
      "InstanceDown",
      "HealthObserved",
      "InstanceRecovered",
    ]);
    expect(types.slice(-4)).toEqual(["TaskStopped", "InstanceDown", "HealthObserved", "InstanceRecovered"]);
    const health = await call("GET", healthPath(instanceId));
    expect(health.json).toMatchObject({ status: "HEALTHY", observer: "supervisor" });
  }, 30_000);

  it("a broken config php cannot serve: a crash loop ends UNHEALTHY with the php log's reason", async () => {
    const configFile = join(local.dataDir, "compute", TENANT, "wp-config.php");
    const config = readFileSync(configFile, "utf8");
    try {
      writeFileSync(configFile, "<?php this is not php;\n");
      process.kill(-phpGroupOf(TENANT), "SIGKILL");
      const health = await waitForHealth(instanceId, (json) =>
        String(json.reason ?? "").startsWith("crash loop"),
      );
      expect(health).toMatchObject({ status: "UNHEALTHY", observer: "supervisor" });
      expect(String(health.reason)).toMatch(
        /^crash loop: 3 restarts failed; .*syntax error, unexpected identifier "is" in .*wp-config\.php on line 1$/,
      );
      expect((await local.site(TENANT)).status).toBe(503); // the proxy's "starting" page
    } finally {
      writeFileSync(configFile, config);
    }
    const back = await waitForHealth(instanceId, (json) => json.status === "HEALTHY");
    expect(back.observer).toBe("supervisor");
    expect((await local.site(TENANT)).status).toBe(200);
  }, 60_000);

  it("its credentials secret removed by hand → DEGRADED with the drift; the site still serves", async () => {
    rmSync(join(local.dataDir, "secrets", TENANT, "dev", "db.secret"));
    const checked = await call("POST", healthPath(instanceId));
    expect(checked.json).toMatchObject({
      status: "DEGRADED",
      drift: ["storage:secret"],
      reason: "drift: missing: storage:secret",
    });
    expect((await local.site(TENANT)).status).toBe(200);
    const read = await call("GET", healthPath(instanceId));
    expect(read.json).toMatchObject({ status: "DEGRADED", drift: ["storage:secret"] });
    const timeline = await call("GET", `/v1.0/instances/${instanceId}/events`);
    const types = (timeline.json.items as { type: string }[]).map((item) => item.type);
    expect(types.slice(-2)).toEqual(["HealthObserved", "InstanceDegraded"]);
  }, 30_000);

  it("its MariaDB user dropped by hand → the drift names it; WordPress cannot connect, so UNHEALTHY", async () => {
    const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
    try {
      const [hosts] = await db.query("SELECT Host FROM mysql.user WHERE User = ?", [`wp_${TENANT}`]);
      for (const { Host } of hosts as { Host: string }[])
        await db.query("DROP USER ?@?", [`wp_${TENANT}`, Host]);
    } finally {
      await db.end();
    }
    const checked = await call("POST", healthPath(instanceId));
    expect(checked.json).toMatchObject({
      status: "UNHEALTHY",
      drift: ["storage:database-user", "storage:secret"],
    });
    expect(String(checked.json.reason)).toMatch(
      /^http: GET http:\/\/e2ehealth\.localhost:\d+\/ answered 5\d\d$/,
    );
    const timeline = await call("GET", `/v1.0/instances/${instanceId}/events`);
    const types = (timeline.json.items as { type: string }[]).map((item) => item.type);
    expect(types.slice(-2)).toEqual(["HealthObserved", "InstanceDown"]);
  }, 30_000);
});
