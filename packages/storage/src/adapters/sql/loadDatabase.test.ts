import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pool, RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminPool, createSpyPool, dropTenants, uniqueTenantId } from "../../testing/mariadb.ts";
import { createSqlTenantDatabase } from "./createSqlTenantDatabase.ts";
import { dumpDatabase } from "./dumpDatabase.ts";

const SOURCE_TABLES = [
  "CREATE TABLE wp_users (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, login VARCHAR(60)) ENGINE=InnoDB",
  `CREATE TABLE wp_posts (
    id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, author BIGINT UNSIGNED NOT NULL,
    title TEXT COMMENT 'the title; shown', body LONGTEXT, raw LONGBLOB, posted DATETIME,
    FOREIGN KEY (author) REFERENCES wp_users (id)
  ) ENGINE=InnoDB`,
];

describe("loadDatabase (TenantDatabase.load)", () => {
  let admin: Pool;
  let dir: string;
  const [source, target] = [uniqueTenantId(), uniqueTenantId()];
  const db = (tenantId: string) => `wp_${tenantId}`;
  const tenantDatabase = () => createSqlTenantDatabase({ pool: admin, userHosts: ["localhost"] });

  beforeAll(async () => {
    admin = createAdminPool();
    dir = mkdtempSync(join(tmpdir(), "bbws-load-"));
    for (const tenantId of [source, target]) await admin.query(`CREATE DATABASE ${db(tenantId)}`);
    const conn = await admin.getConnection();
    try {
      await conn.query(`USE ${db(source)}`);
      for (const ddl of SOURCE_TABLES) await conn.query(ddl);
      await conn.query("INSERT INTO wp_users VALUES (1, 'admin'), (2, 'it''s me; really')");
      await conn.query(
        "INSERT INTO wp_posts VALUES (1, 2, ?, ?, ?, '0000-00-00 00:00:00'), (2, 1, NULL, '', NULL, NOW())",
        [
          "Hello; world -- not a comment /* nor this */ 'quoted' `ticked` 🎉",
          "line one\nline two;\r\n\\ backslash",
          Buffer.from([0, 0x3b, 0x27, 0x5c, 0xff]),
        ],
      );
      // What the target holds before the load: other rows, an extra table, a view and a trigger.
      await conn.query(`USE ${db(target)}`);
      await conn.query("CREATE TABLE wp_users (id INT PRIMARY KEY, other TEXT)");
      await conn.query("INSERT INTO wp_users VALUES (7, 'stale')");
      await conn.query("CREATE TABLE wp_extra (id INT)");
      await conn.query("CREATE VIEW wp_recent AS SELECT id FROM wp_users");
      await conn.query("CREATE TRIGGER wp_t BEFORE INSERT ON wp_extra FOR EACH ROW SET NEW.id = NEW.id + 1");
    } finally {
      conn.release();
    }
  });
  afterAll(async () => {
    await dropTenants(admin, [source, target]);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const tables = async (database: string) => {
    const [rows] = await admin.query<RowDataPacket[]>(
      "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
      [database],
    );
    return rows.map((row) => `${row.name} ${row.type}`);
  };
  const checksums = async (database: string) => {
    const [rows] = await admin.query<RowDataPacket[]>(
      `CHECKSUM TABLE ${database}.wp_users, ${database}.wp_posts`,
    );
    return rows.map((row) => [String(row.Table).split(".")[1], row.Checksum]);
  };

  it("replaces everything in the database with the dump: same tables, rows and bytes; views, triggers and extra tables gone", async () => {
    const file = join(dir, "source.sql");
    await dumpDatabase({ pool: admin, database: db(source), file });
    await tenantDatabase().load(db(target), file);
    expect(await tables(db(target))).toEqual(["wp_posts BASE TABLE", "wp_users BASE TABLE"]);
    expect(await checksums(db(target))).toEqual(await checksums(db(source)));
    const [triggers] = await admin.query<RowDataPacket[]>("SHOW TRIGGERS FROM ??", [db(target)]);
    expect(triggers).toEqual([]);
    const [posts] = await admin.query<RowDataPacket[]>(
      `SELECT body FROM ${db(target)}.wp_posts WHERE id = 1`,
    );
    expect(posts[0]?.body).toBe("line one\nline two;\r\n\\ backslash");
    // Loading the same dump again converges to the same result.
    await tenantDatabase().load(db(target), file);
    expect(await checksums(db(target))).toEqual(await checksums(db(source)));
  });

  it("fails with STORAGE.DATABASE_FAILED on a statement the server refuses, after running the ones before it", async () => {
    const file = join(dir, "broken.sql");
    writeFileSync(
      file,
      "CREATE TABLE kept (id INT);\nINSERT INTO missing VALUES (1);\nCREATE TABLE never (id INT);\n",
    );
    await expect(tenantDatabase().load(db(target), file)).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.DATABASE_FAILED", retryable: false }),
    );
    expect(await tables(db(target))).toEqual(["kept BASE TABLE"]);
  });

  it("refuses a database name that is not a tenant's before any query", async () => {
    const { pool, calls } = createSpyPool();
    const database = createSqlTenantDatabase({ pool, userHosts: ["localhost"] });
    for (const name of ["mysql", "wp_acme`; DROP DATABASE mysql; --"])
      await expect(database.load(name, join(dir, "source.sql"))).rejects.toThrow(
        expect.objectContaining({ code: "STORAGE.INVALID_TENANT" }),
      );
    expect(calls).toEqual([]);
  });
});
