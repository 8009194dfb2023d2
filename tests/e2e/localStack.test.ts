import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { resourceNames } from "@bbws/contracts";
import { createConnection, type ResultSetHeader, type RowDataPacket } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { useLocalStackForTests } from "../support/localStackHarness.ts";

/**
 * The whole local stack, real processes: REST API → ledger → services →
 * MariaDB, directories, cognito-local, php -S WordPress, the reverse proxy.
 */
const TENANTS = ["e2ealpha", "e2ebravo"] as const;
const local = useLocalStackForTests("bbws-e2e-");
const { call, site, dataDir } = local;

async function waitFor(
  instanceId: string,
  done: (instance: Record<string, unknown>) => boolean,
  what: string,
) {
  const deadline = Date.now() + 60_000;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    last = (await call("GET", `/v1.0/instances/${instanceId}`)).json;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `${instanceId} not ${what} in time: ${JSON.stringify({ state: last.state, operation: last.operation })}`,
  );
}

const settled = (state: string) => (instance: Record<string, unknown>) =>
  instance.state === state && (instance.operation as { status: string }).status === "COMPLETED";

describe("the local stack, end to end", () => {
  const ids = new Map<string, string>();

  it("provisions two tenants through the REST API; each site answers 200 with its own title", async () => {
    for (const tenantId of TENANTS) {
      const created = await call("POST", "/v1.0/instances", { tenantId, environment: "dev" });
      expect(created.status, JSON.stringify(created.json)).toBe(202);
      ids.set(tenantId, String(created.json.instanceId));
      // Compute has not started yet: no log lines, not an error.
      const logs = await call("GET", `/v1.0/instances/${created.json.instanceId}/logs`);
      expect(logs.status, JSON.stringify(logs.json)).toBe(200);
    }
    for (const tenantId of TENANTS) await waitFor(ids.get(tenantId) ?? "", settled("ACTIVE"), "ACTIVE");
    for (const tenantId of TENANTS) {
      const page = await site(tenantId);
      expect(page.status).toBe(200);
      expect(page.body).toContain(`<title>${tenantId}`);
    }
    const logs = await call("GET", `/v1.0/instances/${ids.get("e2ealpha")}/logs?limit=20`);
    expect(logs.status, JSON.stringify(logs.json)).toBe(200);
    expect(JSON.stringify(logs.json.items)).toContain("GET /");
  }, 90_000);

  it("reports CPU, memory and request counts per instance, from /proc and the proxy", async () => {
    const bravo = ids.get("e2ebravo") ?? "";
    await local.stack.metrics.sampleNow();
    for (let hit = 0; hit < 5; hit += 1) expect((await site("e2ebravo")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await local.stack.metrics.sampleNow();
    const answer = await call("GET", `/v1.0/instances/${bravo}/metrics?period=60`);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const series = answer.json.series as { name: string; unit: string; points: { value: number }[] }[];
    const total = (name: string) =>
      (series.find((entry) => entry.name === name)?.points ?? []).reduce(
        (sum, point) => sum + point.value,
        0,
      );
    expect(series.map((entry) => `${entry.name}:${entry.unit}`).sort()).toEqual([
      "CPUUtilization:Percent",
      "MemoryUtilization:Percent",
      "RequestCount:Count",
    ]);
    expect(total("RequestCount")).toBeGreaterThanOrEqual(5);
    expect(total("MemoryUtilization")).toBeGreaterThan(0);
    expect(total("CPUUtilization")).toBeGreaterThan(0);
  }, 30_000);

  it("sums a tenant's metrics, and shows empty dead-letter queues and no orphan of ours", async () => {
    const tenant = await call("GET", "/v1.0/tenants/e2ebravo/metrics?period=60");
    expect(tenant.status, JSON.stringify(tenant.json)).toBe(200);
    expect((tenant.json.instances as { instanceId: string }[]).map((entry) => entry.instanceId)).toEqual([
      ids.get("e2ebravo"),
    ]);
    const totals = (tenant.json.total as { series: { name: string; points: { value: number }[] }[] }).series;
    const requests = totals.find((entry) => entry.name === "RequestCount")?.points ?? [];
    expect(requests.reduce((sum, point) => sum + point.value, 0)).toBeGreaterThanOrEqual(5);

    const dlq = await call("GET", "/v1.0/dlq");
    expect(dlq.status).toBe(200);
    const queues = dlq.json.queues as { consumer: string; approximateCount: number }[];
    expect(queues.map((queue) => [queue.consumer, queue.approximateCount])).toEqual([
      ["identity", 0],
      ["storage", 0],
      ["routing", 0],
      ["compute", 0],
      ["ledger", 0],
    ]);

    // The MariaDB is shared with other test files: only our tenants' resources are asserted on.
    const ghost = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
    try {
      // A crash's leftovers: a database and a content dir no record names. On a shared server a
      // database counts as ours only with such a trace in the data dir (docs/operations.md).
      await ghost.query("CREATE DATABASE IF NOT EXISTS wp_e2eghost");
      mkdirSync(join(dataDir, "efs", "tenants", "e2eghost"), { recursive: true });
      const scan = await call("GET", "/v1.0/orphans");
      expect(scan.status, JSON.stringify(scan.json)).toBe(200);
      const ours = (scan.json.orphans as { tenantId: string; kind: string; id: string }[]).filter((orphan) =>
        ["e2ealpha", "e2ebravo", "e2eghost"].includes(orphan.tenantId),
      );
      expect(ours.map((orphan) => `${orphan.kind}:${orphan.id}`).sort()).toEqual([
        "content-dir:/tenants/e2eghost",
        "database:wp_e2eghost",
      ]);
      // A cleanup runs in the background, as on AWS: 202, then its Location until it ends.
      const started = await call("POST", "/v1.0/orphans/cleanup", {});
      expect(started.status, JSON.stringify(started.json)).toBe(202);
      const self = (started.json._links as { self: { href: string } }).self.href;
      const deadline = Date.now() + 30_000;
      let cleanup = started.json;
      while (cleanup.status === "RUNNING" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        cleanup = (await call("GET", self)).json;
      }
      expect(cleanup).toMatchObject({ status: "COMPLETED", report: { dryRun: true, removed: [] } });
    } finally {
      await ghost.query("DROP DATABASE IF EXISTS wp_e2eghost");
      rmSync(join(dataDir, "efs", "tenants", "e2eghost"), { recursive: true, force: true });
      await ghost.end();
    }
  }, 60_000);

  it("replays the window's events: both stay ACTIVE with one of each resource", async () => {
    const bravo = ids.get("e2ebravo") ?? "";
    const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
    const before = (await call("GET", `/v1.0/instances/${bravo}`)).json;
    const replay = await call("POST", "/v1.0/replays", window);
    expect(replay.status, JSON.stringify(replay.json)).toBe(202);
    expect(replay.json.eventsReplayed).toBeGreaterThanOrEqual(16); // both provisioning sagas
    await local.waitForQuiet();
    const after = (await call("GET", `/v1.0/instances/${bravo}`)).json;
    expect(after.state).toBe("ACTIVE");
    expect(after.operation).toEqual(before.operation);
    expect((await site("e2ebravo")).status).toBe(200);
    const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
    try {
      const [users] = await db.query("SELECT Host FROM mysql.user WHERE User = 'wp_e2ebravo'");
      expect((users as unknown[]).length).toBe(2); // localhost and 127.0.0.1, as before
    } finally {
      await db.end();
    }
    const groups = Object.keys(
      JSON.parse(readFileSync(join(dataDir, "routing", "target-groups.json"), "utf8")) as object,
    );
    expect(groups.filter((name) => name.includes("e2ebravo"))).toEqual(["tg-e2ebravo-dev"]);
  }, 90_000);

  it("suspends one (503 maintenance), resumes it (200), scales and restarts it", async () => {
    const alpha = ids.get("e2ealpha") ?? "";
    expect((await call("POST", `/v1.0/instances/${alpha}/suspend`)).status).toBe(202);
    await waitFor(alpha, settled("SUSPENDED"), "SUSPENDED");
    expect((await site("e2ealpha")).status).toBe(503);
    expect((await site("e2ebravo")).status).toBe(200);
    expect((await call("POST", `/v1.0/instances/${alpha}/resume`)).status).toBe(202);
    await waitFor(alpha, settled("ACTIVE"), "resumed");
    expect((await site("e2ealpha")).status).toBe(200);
    expect((await call("POST", `/v1.0/instances/${alpha}/scale`, { desiredCount: 2 })).status).toBe(202);
    const scaled = await waitFor(alpha, settled("ACTIVE"), "scaled");
    expect((scaled.spec as { desiredCount: number }).desiredCount).toBe(2);
    expect((await site("e2ealpha")).status).toBe(200);
    expect((await call("POST", `/v1.0/instances/${alpha}/restart`)).status).toBe(202);
    await waitFor(alpha, settled("ACTIVE"), "restarted");
    expect((await site("e2ealpha")).status).toBe(200);
  }, 90_000);

  it("backs up, and a restore brings back a deleted post and file; the site answers 200", async () => {
    const alpha = ids.get("e2ealpha") ?? "";
    const contentDir = join(dataDir, "efs", "tenants", "e2ealpha");
    const db = await createConnection({
      host: "127.0.0.1",
      port: 3306,
      user: "root",
      database: "wp_e2ealpha",
    });
    try {
      const [tables] = await db.query<RowDataPacket[]>("SHOW TABLES LIKE '%posts'");
      const posts = String(Object.values(tables[0] ?? {})[0]);
      const [inserted] = await db.query<ResultSetHeader>(
        `INSERT INTO \`${posts}\` (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,
           post_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, guid,
           post_type)
         VALUES (1, NOW(), UTC_TIMESTAMP(), 'Kept by the backup.', 'Restore drill post', '', 'publish',
           'restore-drill-post', '', '', NOW(), UTC_TIMESTAMP(), '', '', 'post')`,
      );
      const postPath = `/?p=${inserted.insertId}`;
      expect((await site("e2ealpha", postPath)).body).toContain("Restore drill post");
      writeFileSync(join(contentDir, "drill.txt"), "kept by the backup\n");

      const backup = await call("POST", `/v1.0/instances/${alpha}/backup`, {});
      expect(backup.status, JSON.stringify(backup.json)).toBe(202);
      const backedUp = await waitFor(alpha, settled("ACTIVE"), "backed up");
      const backups = (backedUp.backups as { backupId: string; sha256: string }[]).map((b) => b.backupId);
      expect(backups).toHaveLength(1);

      await db.query(`DELETE FROM \`${posts}\` WHERE ID = ?`, [inserted.insertId]);
      rmSync(join(contentDir, "drill.txt"));
      writeFileSync(join(contentDir, "after-backup.txt"), "not in the backup\n");
      expect((await site("e2ealpha", postPath)).body).not.toContain("Restore drill post");

      const restore = await call("POST", `/v1.0/instances/${alpha}/restore`, { backupId: backups[0] });
      expect(restore.status, JSON.stringify(restore.json)).toBe(202);
      const restored = await waitFor(alpha, settled("ACTIVE"), "restored");
      expect((restored.operation as { kind: string }).kind).toBe("restore");
      const page = await site("e2ealpha", postPath);
      expect(page.status).toBe(200);
      expect(page.body).toContain("Restore drill post");
      expect((await site("e2ealpha")).status).toBe(200);
      expect(readFileSync(join(contentDir, "drill.txt"), "utf8")).toBe("kept by the backup\n");
      expect(existsSync(join(contentDir, "after-backup.txt"))).toBe(false);
      // The safety backup taken before the swap is listed too.
      const listed = await call("GET", `/v1.0/instances/${alpha}/backups`);
      expect((listed.json.items as unknown[]).length).toBe(2);
    } finally {
      await db.end();
    }
  }, 120_000);

  it("deprovisions both and leaves nothing behind but verified archives", async () => {
    for (const tenantId of TENANTS)
      expect((await call("DELETE", `/v1.0/instances/${ids.get(tenantId)}`)).status).toBe(202);
    for (const tenantId of TENANTS)
      await waitFor(ids.get(tenantId) ?? "", settled("DEPROVISIONED"), "DEPROVISIONED");
    const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
    try {
      for (const tenantId of TENANTS) {
        const names = resourceNames(tenantId, "dev");
        const [schemas] = await db.query(
          "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
          [names.databaseName],
        );
        const [users] = await db.query("SELECT User FROM mysql.user WHERE User = ?", [names.databaseUser]);
        const [grants] = await db.query("SELECT User FROM mysql.db WHERE User = ?", [names.databaseUser]);
        expect({ tenantId, schemas, users, grants }).toEqual({
          tenantId,
          schemas: [],
          users: [],
          grants: [],
        });
        expect(existsSync(join(dataDir, "efs", "tenants", tenantId)), `${tenantId} content dir`).toBe(false);
        const secrets = filesUnder(join(dataDir, "secrets")).filter((file) => file.includes(tenantId));
        expect(secrets, `${tenantId} secrets`).toEqual([]);
        expect((await site(tenantId)).status, `${tenantId} route`).toBe(404);
        const record = (await local.stack.mesh.ledgerStore.get(ids.get(tenantId) ?? ""))?.record;
        const archive = record?.outputs.archive;
        expect(archive, `${tenantId} archive`).toBeDefined();
        const file = archive?.location.startsWith("file://")
          ? fileURLToPath(archive.location)
          : (archive?.location ?? "");
        expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(archive?.sha256);
      }
    } finally {
      await db.end();
    }
    const registry = JSON.parse(readFileSync(join(dataDir, "compute", "registry.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(registry)).not.toMatch(/e2ealpha|e2ebravo/);
  }, 90_000);
});

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
