import type { Pool, RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectAs,
  createAdminPool,
  createSpyPool,
  dropTenants,
  sqlTraces,
  uniqueTenantId,
} from "../../testing/mariadb.ts";
import { createSqlTenantDatabase } from "./createSqlTenantDatabase.ts";

const HOSTILE = ["wp_a'; DROP DATABASE mysql; --", "wp_ac`me", "wp_../x", "mysql", "wp_acme@'%'"];
const LOCAL_HOSTS = ["localhost", "127.0.0.1"];

describe("createSqlTenantDatabase against MariaDB", () => {
  let admin: Pool;
  const tenants = new Set<string>();
  const fresh = () => {
    const tenantId = uniqueTenantId();
    tenants.add(tenantId);
    return { tenantId, database: `wp_${tenantId}`, user: `wp_${tenantId}` };
  };

  beforeAll(() => {
    admin = createAdminPool();
  });
  afterAll(async () => {
    await dropTenants(admin, tenants);
    await admin.end();
  });

  it("creates the database and one account per configured host, granted on its own database only", async () => {
    const sql = createSqlTenantDatabase({ pool: admin, userHosts: LOCAL_HOSTS });
    const { tenantId, database, user } = fresh();
    await sql.ensure({ database, user, password: "first-Password-1" });
    expect(await sql.exists(database)).toBe(true);
    const [accounts] = await admin.query<RowDataPacket[]>(
      "SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host",
      [user],
    );
    expect(accounts.map((row) => row.Host)).toEqual(["127.0.0.1", "localhost"]);
    // `_` escaped: the grant names exactly wp_<tenant>, not the pattern wp?<tenant>.
    const [grants] = await admin.query<RowDataPacket[]>(
      "SELECT Db, Host FROM mysql.db WHERE User = ? ORDER BY Host",
      [user],
    );
    expect(grants.map((row) => [row.Db, row.Host])).toEqual([
      [`wp\\_${tenantId}`, "127.0.0.1"],
      [`wp\\_${tenantId}`, "localhost"],
    ]);
    const [global] = await admin.query<RowDataPacket[]>(
      "SELECT Select_priv, Grant_priv FROM mysql.user WHERE User = ?",
      [user],
    );
    expect(global.every((row) => row.Select_priv === "N" && row.Grant_priv === "N")).toBe(true);
  });

  it("keeps tenant A out of tenant B's database: SELECT, INSERT and CREATE are denied", async () => {
    const sql = createSqlTenantDatabase({ pool: admin, userHosts: LOCAL_HOSTS });
    const a = fresh();
    const b = fresh();
    await sql.ensure({ ...a, password: "password-of-A-1" });
    await sql.ensure({ ...b, password: "password-of-B-1" });
    await admin.query(`CREATE TABLE \`${b.database}\`.posts (id INT PRIMARY KEY, title TEXT)`);
    await admin.query(`INSERT INTO \`${b.database}\`.posts VALUES (1, 'secret of B')`);
    const asA = await connectAs({ user: a.user, password: "password-of-A-1", database: a.database });
    try {
      await asA.query("CREATE TABLE mine (id INT)");
      await asA.query("INSERT INTO mine VALUES (1)");
      const denied = /denied/i;
      await expect(asA.query(`SELECT * FROM \`${b.database}\`.posts`)).rejects.toThrow(denied);
      await expect(asA.query(`INSERT INTO \`${b.database}\`.posts VALUES (2, 'from A')`)).rejects.toThrow(
        denied,
      );
      await expect(asA.query(`CREATE TABLE \`${b.database}\`.evil (id INT)`)).rejects.toThrow(denied);
      await expect(asA.query(`USE \`${b.database}\``)).rejects.toThrow(denied);
      await expect(asA.query("SELECT * FROM mysql.user")).rejects.toThrow(denied);
    } finally {
      await asA.end();
    }
    const [rows] = await admin.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${b.database}\`.posts`);
    expect(rows[0]?.n).toBe(1);
  });

  it("converges: ensure again with a new password resets it (a lost secret), the old one stops working", async () => {
    const sql = createSqlTenantDatabase({ pool: admin, userHosts: LOCAL_HOSTS });
    const t = fresh();
    await sql.ensure({ ...t, password: "old-Password-1" });
    await sql.ensure({ ...t, password: "new-Password-2" });
    await expect(connectAs({ user: t.user, password: "old-Password-1" })).rejects.toThrow(/denied/i);
    const connection = await connectAs({ user: t.user, password: "new-Password-2", database: t.database });
    await connection.end();
  });

  it("drops the database, every account and every grant; dropping again is a no-op", async () => {
    const sql = createSqlTenantDatabase({ pool: admin, userHosts: LOCAL_HOSTS });
    const t = fresh();
    await sql.ensure({ ...t, password: "drop-Me-1" });
    expect(await sql.drop(t)).toEqual([
      `database:${t.database}`,
      `user:${t.user}@localhost`,
      `user:${t.user}@127.0.0.1`,
    ]);
    await sql.drop(t);
    expect(await sqlTraces(admin, t.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
    expect(await sql.exists(t.database)).toBe(false);
  });
});

describe("createSqlTenantDatabase refuses hostile names before any query", () => {
  it.each(HOSTILE)("refuses %j in ensure, exists, dump and drop", async (name) => {
    const { pool, calls } = createSpyPool();
    const sql = createSqlTenantDatabase({ pool, userHosts: LOCAL_HOSTS });
    const refused = expect.objectContaining({ code: "STORAGE.INVALID_TENANT", retryable: false });
    await expect(sql.ensure({ database: name, user: "wp_acme", password: "x" })).rejects.toThrow(refused);
    await expect(sql.ensure({ database: "wp_acme", user: name, password: "x" })).rejects.toThrow(refused);
    await expect(sql.exists(name)).rejects.toThrow(refused);
    await expect(sql.dump(name, "/nonexistent/dump.sql")).rejects.toThrow(refused);
    await expect(sql.drop({ database: name, user: "wp_acme" })).rejects.toThrow(refused);
    await expect(sql.drop({ database: "wp_acme", user: "wp_acme", alternateUser: name })).rejects.toThrow(
      refused,
    );
    await expect(sql.setPassword({ database: "wp_acme", user: name, password: "x" })).rejects.toThrow(
      refused,
    );
    await expect(sql.revokePassword({ user: name, password: "x" })).rejects.toThrow(refused);
    expect(calls).toEqual([]);
  });

  it("refuses an account host outside the host pattern when configured", () => {
    const { pool } = createSpyPool();
    expect(() => createSqlTenantDatabase({ pool, userHosts: ["%' OR 1=1 --"] })).toThrow(
      /refusing account host/,
    );
  });

  it("maps a lost connection to a retryable STORAGE.DATABASE_UNAVAILABLE", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const pool = { query: () => Promise.reject(refused), getConnection: () => Promise.reject(refused) };
    const sql = createSqlTenantDatabase({ pool: pool as never, userHosts: LOCAL_HOSTS });
    await expect(sql.exists("wp_acme")).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.DATABASE_UNAVAILABLE", retryable: true, cause: refused }),
    );
  });
});
