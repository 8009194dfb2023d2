/**
 * The orphan scan (HLD §5.4) against the real local pieces: MariaDB, a data dir, the local storage
 * and routing providers. One live tenant is provisioned for real; orphans are planted by hand (a
 * database and account made with plain SQL, a content dir, a route) and left by a DEPROVISIONED
 * instance whose release never ran. The scan must find exactly those, and cleanup remove exactly those.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildInstanceSpec,
  createEvent,
  type DomainEvent,
  type InstanceRef,
  type InstanceState,
  type Orphan,
} from "@bbws/contracts";
import { createMemoryLedgerStore, createOrphanScanner } from "@bbws/ledger";
import { createFileResourceRecords, createLocalSecrets, createLocalTargetGroups } from "@bbws/local-cloud";
import { createMemoryServiceJournal, silentLogger } from "@bbws/mesh";
import { createLocalRoutingInventory, createLocalRoutingProvider, createRoutingDriver } from "@bbws/routing";
import { createLocalStorageInventory, createLocalStorageProvider, createStorageService } from "@bbws/storage";
import { createConnection, createPool, type RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleRecord } from "../packages/ledger/src/testing/sampleRecords.ts";

const MARIADB = { host: "127.0.0.1", port: 3306 } as const;
const suffix = randomBytes(4).toString("hex");
const live: InstanceRef = { instanceId: randomUUID(), tenantId: `olive${suffix}`, environment: "dev" };
const gone: InstanceRef = { instanceId: randomUUID(), tenantId: `ogone${suffix}`, environment: "dev" };
const GHOST = "ghost";
const TENANTS = [live.tenantId, gone.tenantId, GHOST];

const dataDir = mkdtempSync(join(tmpdir(), "bbws-orphans-"));
chmodSync(dataDir, 0o711); // tenant uids traverse it to their content, as in the local stack
const pool = createPool({ ...MARIADB, user: "root", password: "", connectionLimit: 4 });
const secrets = createLocalSecrets(join(dataDir, "secrets"));
const records = createFileResourceRecords(join(dataDir, "storage", "records"));
const targetGroups = createLocalTargetGroups(join(dataDir, "routing", "target-groups.json"));
const uidRange = { first: 52_000, last: 52_999 };
const storage = createLocalStorageProvider({
  pool,
  databaseHost: MARIADB.host,
  databasePort: MARIADB.port,
  dataDir,
  secrets,
  records,
  uidRange,
});
// Provisioned the way the stack does it: an InstanceRequested handled by the storage service.
const storageAnswers: DomainEvent[] = [];
const storageService = createStorageService({
  provider: storage,
  publisher: { publish: async (events) => void storageAnswers.push(...(events as DomainEvent[])) },
  clock: () => new Date(),
  newId: randomUUID,
  maxReceiveCount: 1,
  journal: createMemoryServiceJournal(),
  leaseMs: 60_000,
  logger: silentLogger,
});
const routing = createRoutingDriver(createLocalRoutingProvider({ targetGroups, proxyPort: 8080 }));
const store = createMemoryLedgerStore();
const published: DomainEvent[] = [];
const scanner = createOrphanScanner({
  inventories: [
    createLocalStorageInventory({
      pool,
      dataDir,
      secretsDir: join(dataDir, "secrets"),
      records,
      uidRange,
      // The server is shared with other tests running now: only this test's tenants are ours.
      tenants: (tenantId) => TENANTS.includes(tenantId),
    }),
    createLocalRoutingInventory({ targetGroups }),
  ],
  store,
  publisher: {
    async publish(events) {
      published.push(...(events as DomainEvent[]));
    },
  },
  clock: () => new Date(),
  newId: randomUUID,
  logger: silentLogger,
});

const keyOf = (orphan: Orphan) => `${orphan.service}/${orphan.kind}/${orphan.id}`;
const sortedKeys = (orphans: readonly Orphan[]) => orphans.map(keyOf).sort();

async function provision(instance: InstanceRef, state: InstanceState) {
  const spec = buildInstanceSpec(instance, {
    wordpress: { version: "6.1", image: "debian-wordpress:6.1" },
    baseDomain: "localhost",
  });
  const operationId = randomUUID();
  const meta = { eventId: randomUUID(), occurredAt: new Date().toISOString(), correlationId: operationId };
  await storageService(
    createEvent({
      name: "InstanceRequested",
      meta: { ...meta, causationId: null, ...instance },
      data: { operationId, spec },
    }),
    { receiveCount: 1 },
  );
  const answer = storageAnswers.find(
    (event) => event["detail-type"] === "StorageReady" && event.detail.data.operationId === operationId,
  );
  if (answer?.["detail-type"] !== "StorageReady") throw new Error("storage did not provision");
  const { outputs } = answer.detail.data;
  await routing.ensureRoute(instance, spec);
  const record = sampleRecord({ ...instance, spec, state });
  await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
  return outputs;
}

async function dropTenants() {
  for (const tenantId of TENANTS) {
    await pool.query(`DROP DATABASE IF EXISTS \`wp_${tenantId}\``);
    for (const host of ["%", "localhost", "127.0.0.1"])
      await pool.query("DROP USER IF EXISTS ?@?", [`wp_${tenantId}`, host]);
  }
}

let liveCredentials: { user: string; password: string; database: string };
let goneUid: number;

beforeAll(async () => {
  await dropTenants(); // a run that died before its afterAll
  const liveOutputs = await provision(live, "ACTIVE");
  liveCredentials = JSON.parse(secrets.read(liveOutputs.credentialsSecretRef));
  const site = await createConnection({ ...MARIADB, ...liveCredentials });
  await site.query("CREATE TABLE wp_posts (id INT PRIMARY KEY, title TEXT)");
  await site.query("INSERT INTO wp_posts VALUES (1, 'Hello from the live tenant')");
  await site.end();
  writeFileSync(join(dataDir, "efs", liveOutputs.rootDirectory, "upload.txt"), "live content");

  goneUid = (await provision(gone, "DEPROVISIONED")).posixUid; // its release never ran

  await pool.query(`CREATE DATABASE \`wp_${GHOST}\``);
  await pool.query("CREATE USER ?@'localhost' IDENTIFIED BY ?", [`wp_${GHOST}`, randomUUID()]);
  mkdirSync(join(dataDir, "efs", "tenants", GHOST));
  targetGroups.upsert({
    name: `tg-${GHOST}-dev`,
    hostname: `${GHOST}.localhost`,
    instanceId: randomUUID(),
    maintenance: false,
  });
});

afterAll(async () => {
  await dropTenants();
  await pool.end();
  rmSync(dataDir, { recursive: true, force: true });
});

const PLANTED = [
  `routing/route/tg-${GHOST}-dev`,
  `routing/route/tg-${gone.tenantId}-dev`,
  `storage/content-dir//tenants/${GHOST}`,
  `storage/content-dir//tenants/${gone.tenantId}`,
  `storage/database-user/wp_${GHOST}@localhost`,
  `storage/database-user/wp_${gone.tenantId}@127.0.0.1`,
  `storage/database-user/wp_${gone.tenantId}@localhost`,
  `storage/database/wp_${GHOST}`,
  `storage/database/wp_${gone.tenantId}`,
  `storage/secret/local-secret:${gone.tenantId}/dev/db`,
];

describe("orphan scan on the local stack", () => {
  it("finds exactly the planted orphans, reports them per tenant, and cleans them up after a dry run", async () => {
    const expected = [...PLANTED, `storage/uid-claim/${goneUid}`].sort();
    const report = await scanner.scan();
    expect(sortedKeys(report.orphans)).toEqual(expected);
    expect(report.resources).toBeGreaterThan(expected.length); // the live tenant's were listed too
    const reasonOf = (key: string) => report.orphans.find((orphan) => keyOf(orphan) === key)?.reason;
    expect(reasonOf(`storage/database/wp_${GHOST}`)).toBe(`tenant ${GHOST} has no instance in the ledger`);
    expect(reasonOf(`storage/database/wp_${gone.tenantId}`)).toBe(
      `its instance ${gone.instanceId} is DEPROVISIONED`,
    );

    expect(published.map((event) => [event["detail-type"], event.detail.meta.tenantId]).sort()).toEqual([
      ["OrphansFound", GHOST],
      ["OrphansFound", gone.tenantId],
    ]);
    for (const event of published) {
      const data = event.detail.data as { scanId: string; orphans: Orphan[] };
      expect(data.scanId).toBe(report.scanId);
      expect(data.orphans.every((orphan) => orphan.tenantId === event.detail.meta.tenantId)).toBe(true);
    }

    const dry = await scanner.cleanup({ dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, removed: [], failed: [] });
    expect(sortedKeys(dry.orphans)).toEqual(expected);
    expect(sortedKeys((await scanner.scan()).orphans)).toEqual(expected);

    const done = await scanner.cleanup({ dryRun: false });
    expect(done.failed).toEqual([]);
    expect(done.removed.map((removal) => keyOf(removal.resource)).sort()).toEqual(expected);
    expect(done.removed.every((removal) => removal.deleted.length > 0)).toBe(true);
    const order = done.removed.map((removal) => keyOf(removal.resource));
    const at = (key: string) => order.indexOf(key);
    expect(at(`routing/route/tg-${gone.tenantId}-dev`)).toBeLessThan(
      at(`storage/database/wp_${gone.tenantId}`),
    );
    expect(at(`storage/database-user/wp_${GHOST}@localhost`)).toBeLessThan(
      at(`storage/database/wp_${GHOST}`),
    );

    expect((await scanner.scan()).orphans).toEqual([]);
    expect(existsSync(join(dataDir, "efs", "tenants", GHOST))).toBe(false);
    expect(await records.get(`storage/tenant/${gone.tenantId}`)).toBeNull();
  });

  it("left the live tenant's site data, secret and route untouched", async () => {
    const site = await createConnection({ ...MARIADB, ...liveCredentials });
    const [rows] = await site.query<RowDataPacket[]>("SELECT title FROM wp_posts");
    await site.end();
    expect(rows.map((row) => row.title)).toEqual(["Hello from the live tenant"]);
    expect(readFileSync(join(dataDir, "efs", "tenants", live.tenantId, "upload.txt"), "utf8")).toBe(
      "live content",
    );
    expect(secrets.exists(`local-secret:${live.tenantId}/dev/db`)).toBe(true);
    expect(targetGroups.get(`tg-${live.tenantId}-dev`)?.instanceId).toBe(live.instanceId);
    expect((await records.get(`storage/tenant/${live.tenantId}`))?.instanceId).toBe(live.instanceId);
  });
});
