import { randomUUID } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorageFixture } from "../../testing/localStorageFixture.ts";
import { connectAs, createSpyPool, dropTenants, MARIADB } from "../../testing/mariadb.ts";
import { describeStorageProviderContract, specFor } from "../storageProviderContract.ts";

const fixture = createLocalStorageFixture();
const { setup, newInstance } = fixture;
beforeAll(fixture.start);
afterAll(fixture.stop);

describeStorageProviderContract("local (MariaDB, directories, 0600 secrets)", async () => {
  const { provider } = setup();
  return { provider, cleanup: (tenantIds) => dropTenants(fixture.admin(), tenantIds) };
});

describe("createLocalStorageProvider", () => {
  it("keeps tenant A's credentials out of tenant B's database, and a second ensure keeps A's password", async () => {
    const { provider, secrets } = setup();
    const [a, b] = [newInstance(), newInstance()];
    const outA = await provider.ensureStorage(a, specFor(a));
    const outB = await provider.ensureStorage(b, specFor(b));
    const secretA = secrets.read(outA.credentialsSecretRef);
    expect(JSON.parse(secretA)).toMatchObject({
      host: MARIADB.host,
      port: MARIADB.port,
      database: outA.databaseName,
    });
    await fixture.admin().query(`CREATE TABLE \`${outB.databaseName}\`.secrets (v TEXT)`);
    expect(await provider.ensureStorage(a, specFor(a))).toEqual(outA);
    expect(secrets.read(outA.credentialsSecretRef)).toBe(secretA);
    const asA = await connectAs(JSON.parse(secretA));
    try {
      await asA.query("CREATE TABLE own (v TEXT)");
      await expect(asA.query(`SELECT * FROM \`${outB.databaseName}\`.secrets`)).rejects.toThrow(/denied/i);
      await expect(asA.query(`INSERT INTO \`${outB.databaseName}\`.secrets VALUES ('x')`)).rejects.toThrow(
        /denied/i,
      );
    } finally {
      await asA.end();
    }
  });

  it("creates the content directory owned by the tenant's uid/gid, mode 0750, and a 0600 secret", async () => {
    const { provider, dataDir } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const dir = statSync(join(dataDir, "efs", outputs.rootDirectory));
    expect([dir.uid, dir.gid, dir.mode & 0o777]).toEqual([outputs.posixUid, outputs.posixGid, 0o750]);
    expect(statSync(join(dataDir, "efs", "tenants")).mode & 0o777).toBe(0o711);
    expect(statSync(join(dataDir, "secrets", ref.tenantId, "dev", "db.secret")).mode & 0o777).toBe(0o600);
    expect(outputs.credentialsSecretRef).toBe(`local-secret:${ref.tenantId}/dev/db`);
  });

  it("converges after the secret is lost: a new password is stored and set, the old one stops working", async () => {
    const { provider, secrets } = setup();
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const old = JSON.parse(secrets.read(outputs.credentialsSecretRef));
    secrets.remove(outputs.credentialsSecretRef);
    expect(await provider.ensureStorage(ref, specFor(ref))).toEqual(outputs);
    const renewed = JSON.parse(secrets.read(outputs.credentialsSecretRef));
    expect(renewed.password).not.toBe(old.password);
    await expect(connectAs(old)).rejects.toThrow(/denied/i);
    await (await connectAs(renewed)).end();
  });

  it("rejects hostile tenantIds before any query, directory or record", async () => {
    const { pool, calls } = createSpyPool();
    const { provider, dataDir, records } = setup({ pool });
    for (const tenantId of ["a'; DROP DATABASE mysql; --", "ac`me", "../../etc", "acme/../root"]) {
      const ref = { instanceId: randomUUID(), tenantId, environment: "dev" as const };
      const refused = expect.objectContaining({ code: "STORAGE.INVALID_TENANT" });
      await expect(provider.ensureStorage(ref, specFor({ ...ref, tenantId: "acme" }))).rejects.toThrow(
        refused,
      );
      await expect(provider.releaseStorage(ref, { archive: true })).rejects.toThrow(refused);
    }
    expect(calls).toEqual([]);
    expect(existsSync(join(dataDir, "efs"))).toBe(false);
    expect(await records.list()).toEqual([]);
  });

  it("without file isolation (not root) creates the directory but does not chown it", async () => {
    const { provider, dataDir } = setup({ fileIsolation: false });
    const ref = newInstance();
    const outputs = await provider.ensureStorage(ref, specFor(ref));
    const dir = statSync(join(dataDir, "efs", outputs.rootDirectory));
    expect(dir.uid).toBe(process.getuid?.());
    expect(dir.mode & 0o777).toBe(0o750);
  });
});
