import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorageFixture } from "../../testing/localStorageFixture.ts";
import { sqlTraces } from "../../testing/mariadb.ts";
import { specFor } from "../storageProviderContract.ts";
import { createLocalStorageInventory } from "./createLocalStorageInventory.ts";

const fixture = createLocalStorageFixture();
beforeAll(fixture.start);
afterAll(fixture.stop);

describe("createLocalStorageInventory", () => {
  it("lists what exists for the tenants in scope, the record naming the instance, and removes it piece by piece", async () => {
    const { provider, dataDir, secrets, records } = fixture.setup();
    const [mine, other] = [fixture.newInstance(), fixture.newInstance()];
    const outputs = await provider.ensureStorage(mine, specFor(mine));
    await provider.ensureStorage(other, specFor(other));
    // A secret of the tenant in another environment: not the recorded (dev) instance's.
    const prodSecret = secrets.put(`${mine.tenantId}/prod/db`, "{}");
    const inventory = createLocalStorageInventory({
      pool: fixture.admin(),
      dataDir,
      secretsDir: join(dataDir, "secrets"),
      records,
      uidRange: { first: 40_000, last: 49_999 },
      tenants: (tenantId) => tenantId === mine.tenantId,
    });
    const owned = {
      service: "storage",
      tenantId: mine.tenantId,
      environment: "dev",
      instanceId: mine.instanceId,
    };
    const listed = await inventory.list();
    const byKindAndId = (a: { kind: string; id: string }, b: { kind: string; id: string }) =>
      `${a.kind} ${a.id}` < `${b.kind} ${b.id}` ? -1 : 1;
    expect([...listed].sort(byKindAndId)).toEqual([
      { ...owned, kind: "content-dir", id: `/tenants/${mine.tenantId}` },
      { ...owned, kind: "database", id: `wp_${mine.tenantId}` },
      { ...owned, kind: "database-user", id: `wp_${mine.tenantId}@127.0.0.1` },
      { ...owned, kind: "database-user", id: `wp_${mine.tenantId}@localhost` },
      { ...owned, kind: "secret", id: outputs.credentialsSecretRef },
      { service: "storage", kind: "secret", id: prodSecret, tenantId: mine.tenantId, environment: "prod" },
      { ...owned, kind: "uid-claim", id: String(outputs.posixUid) },
    ]);

    // Listed without an instance, but the record names one now: left in place.
    const stale = {
      service: "storage",
      kind: "database",
      id: `wp_${mine.tenantId}`,
      tenantId: mine.tenantId,
    } as const;
    await expect(inventory.remove(stale)).rejects.toMatchObject({ code: "STORAGE.TENANT_IN_USE" });
    const notMine = { ...stale, instanceId: randomUUID() };
    await expect(inventory.remove(notMine)).rejects.toMatchObject({ code: "STORAGE.TENANT_IN_USE" });

    for (const resource of listed) expect((await inventory.remove(resource)).length).toBe(1);
    for (const resource of listed) expect(await inventory.remove(resource)).toEqual([]);
    expect(await inventory.list()).toEqual([]);
    expect(await sqlTraces(fixture.admin(), mine.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
    expect(await records.get(`storage/tenant/${mine.tenantId}`)).toBeNull();
    // The tenant out of scope is untouched.
    expect(await sqlTraces(fixture.admin(), other.tenantId)).toMatchObject({ databases: 1, users: 2 });
    expect(await records.get(`storage/tenant/${other.tenantId}`)).not.toBeNull();
  });

  it("on a shared server lists only the databases of tenants this data dir has a trace of", async () => {
    const { provider, dataDir, records } = fixture.setup();
    const mine = fixture.newInstance();
    await provider.ensureStorage(mine, specFor(mine));
    const stranger = `stranger${randomUUID().slice(0, 8)}`;
    const admin = fixture.admin();
    await admin.query(`CREATE DATABASE \`wp_${stranger}\``);
    try {
      const inventoryOf = (sharedServer: boolean) =>
        createLocalStorageInventory({
          pool: admin,
          dataDir,
          secretsDir: join(dataDir, "secrets"),
          records,
          uidRange: { first: 40_000, last: 49_999 },
          tenants: (tenantId) => tenantId === mine.tenantId || tenantId === stranger,
          sharedServer,
        });
      const databases = async (sharedServer: boolean) =>
        (await inventoryOf(sharedServer).list())
          .filter((resource) => resource.kind === "database")
          .map((resource) => resource.id)
          .sort();
      expect(await databases(false)).toEqual([`wp_${mine.tenantId}`, `wp_${stranger}`].sort());
      expect(await databases(true)).toEqual([`wp_${mine.tenantId}`]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS \`wp_${stranger}\``);
      await provider.releaseStorage(mine, { archive: false });
    }
  });
});
