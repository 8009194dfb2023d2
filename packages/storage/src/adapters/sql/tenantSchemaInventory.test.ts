import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminPool, createSpyPool } from "../../testing/mariadb.ts";
import {
  dropTenantDatabase,
  dropTenantUser,
  listTenantDatabases,
  listTenantUsers,
  parseTenantUserId,
  tenantUserId,
} from "./tenantSchemaInventory.ts";

const PROBE = "wp_h5probe";
/** Look like ours to a careless LIKE or prefix test, but no valid tenantId makes them. */
const NOT_OURS_DATABASES = ["wpxh5probe", "wp_h5probe_extra", "wp_H5Upper"];
const NOT_OURS_USERS = ["wpxh5probe", "wp_h5probe_extra"];

describe("tenantSchemaInventory (real MariaDB)", () => {
  let admin: Pool;

  const cleanUp = async () => {
    for (const name of [PROBE, ...NOT_OURS_DATABASES])
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    for (const user of [PROBE, ...NOT_OURS_USERS])
      for (const host of ["%", "localhost"]) await admin.query("DROP USER IF EXISTS ?@?", [user, host]);
  };

  beforeAll(async () => {
    admin = createAdminPool();
    await cleanUp();
    await admin.query(`CREATE DATABASE \`${PROBE}\``);
    for (const host of ["%", "localhost"])
      await admin.query("CREATE USER ?@? IDENTIFIED BY 'h5-probe-password'", [PROBE, host]);
    for (const name of NOT_OURS_DATABASES) await admin.query(`CREATE DATABASE \`${name}\``);
    for (const user of NOT_OURS_USERS) await admin.query("CREATE USER ?@'%' IDENTIFIED BY 'x'", [user]);
  });
  afterAll(async () => {
    await cleanUp();
    await admin.end();
  });

  it("lists the probe database with its tenantId, and nothing a valid tenantId could not make", async () => {
    const databases = await listTenantDatabases(admin);
    expect(databases).toContainEqual({ database: PROBE, tenantId: "h5probe" });
    const names = databases.map((entry) => entry.database);
    for (const name of NOT_OURS_DATABASES) expect(names).not.toContain(name);
    expect(names.every((name) => /^wp_[a-z][a-z0-9]{2,23}$/.test(name))).toBe(true);
  });

  it("lists the probe user once per host, and no other account", async () => {
    const users = await listTenantUsers(admin);
    expect(users.filter((entry) => entry.user === PROBE)).toEqual([
      { user: PROBE, host: "%", tenantId: "h5probe" },
      { user: PROBE, host: "localhost", tenantId: "h5probe" },
    ]);
    const names = users.map((entry) => entry.user);
    for (const user of NOT_OURS_USERS) expect(names).not.toContain(user);
    expect(names).not.toContain("root");
  });

  it("drops users and the database, saying what it dropped; a second drop finds nothing", async () => {
    expect(await dropTenantUser(admin, { user: PROBE, host: "%" })).toEqual(["user:wp_h5probe@%"]);
    expect(await dropTenantUser(admin, parseTenantUserId("wp_h5probe@localhost"))).toEqual([
      "user:wp_h5probe@localhost",
    ]);
    expect(await dropTenantDatabase(admin, PROBE)).toEqual(["database:wp_h5probe"]);

    expect((await listTenantUsers(admin)).filter((entry) => entry.user === PROBE)).toEqual([]);
    expect((await listTenantDatabases(admin)).map((entry) => entry.database)).not.toContain(PROBE);
    expect(await dropTenantUser(admin, { user: PROBE, host: "%" })).toEqual([]);
    expect(await dropTenantDatabase(admin, PROBE)).toEqual([]);
    // The look-alikes are untouched.
    const [rows] = await admin.query("SHOW DATABASES LIKE 'wpxh5probe'");
    expect(rows).toHaveLength(1);
  });
});

describe("tenantSchemaInventory names", () => {
  it("round-trips a user id and refuses names we never create before any SQL runs", async () => {
    expect(parseTenantUserId(tenantUserId({ user: "wp_acme", host: "127.0.0.1" }))).toEqual({
      user: "wp_acme",
      host: "127.0.0.1",
    });
    const { pool, calls } = createSpyPool();
    await expect(dropTenantDatabase(pool, "mysql")).rejects.toMatchObject({ code: "STORAGE.INVALID_TENANT" });
    await expect(dropTenantDatabase(pool, "wp_acme`; DROP DATABASE x")).rejects.toMatchObject({
      code: "STORAGE.INVALID_TENANT",
    });
    await expect(dropTenantUser(pool, { user: "root", host: "%" })).rejects.toMatchObject({
      code: "STORAGE.INVALID_TENANT",
    });
    await expect(dropTenantUser(pool, { user: "wp_acme", host: "x' OR 1" })).rejects.toMatchObject({
      code: "STORAGE.DATABASE_FAILED",
    });
    expect(() => parseTenantUserId("wp_acme")).toThrow(/account host/);
    expect(calls).toEqual([]);
  });

  it("turns a server error into a STORAGE error with the cause", async () => {
    const failing = {
      query: () => Promise.reject(Object.assign(new Error("gone"), { code: "ECONNREFUSED" })),
      getConnection: () => Promise.reject(new Error("unused")),
    };
    await expect(listTenantDatabases(failing as never)).rejects.toMatchObject({
      code: "STORAGE.DATABASE_UNAVAILABLE",
      retryable: true,
    });
  });
});
