import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Pool, PoolConnection, RowDataPacket } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdminPool, dropTenants, MARIADB, uniqueTenantId } from "../../testing/mariadb.ts";
import { dumpDatabase } from "./dumpDatabase.ts";

const TABLE = `CREATE TABLE tricky (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  big BIGINT, exact DECIMAL(30,10), approx DOUBLE, body LONGTEXT, label VARCHAR(50) CHARACTER SET latin1,
  raw VARBINARY(20), blb LONGBLOB, dt DATETIME, ts TIMESTAMP NULL, d DATE, tm TIME, bits BIT(8),
  doc JSON, choice ENUM('a','b'), nothing TEXT NULL, doubled BIGINT AS (id * 2) VIRTUAL
) ENGINE=InnoDB`;

describe("dumpDatabase", () => {
  let admin: Pool;
  let dir: string;
  const source = uniqueTenantId();
  const replica = uniqueTenantId();
  const db = (tenantId: string) => `wp_${tenantId}`;

  beforeAll(async () => {
    admin = createAdminPool();
    dir = mkdtempSync(join(tmpdir(), "bbws-dump-"));
    for (const tenantId of [source, replica]) await admin.query(`CREATE DATABASE ${db(tenantId)}`);
    const conn = await admin.getConnection();
    try {
      await conn.query(`USE ${db(source)}`);
      await conn.query("SET SESSION time_zone = '+02:00', SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
      await conn.query(TABLE);
      await conn.query(
        "INSERT INTO tricky (id, big, exact, approx, body, label, raw, blb, dt, ts, d, tm, bits, doc, choice, nothing) VALUES " +
          "(0, 9007199254740993, '12345678901234567890.0123456789', 0.1, ?, 'café', X'00FF275C0A', ?, '0000-00-00 00:00:00', '2026-03-29 02:30:00', '2024-02-29', '-838:59:59', b'101', '{\"a\": [1, \"ü\"]}', 'b', NULL)",
        [
          'it\'s a \\ "test"\n\r\t\u0000 with emoji 🎉 and -- comment; DROP TABLE x;',
          Buffer.alloc(300_000, 7),
        ],
      );
      await conn.query("CREATE TABLE `we``ird.name` (`a.b` INT, `c d` VARCHAR(10))");
      await conn.query("INSERT INTO `we``ird.name` VALUES (1, 'x'), (NULL, NULL), (2, '')");
      await conn.query("CREATE TABLE empty_one (id INT PRIMARY KEY)");
      await conn.query("CREATE TABLE many (id INT PRIMARY KEY, v VARCHAR(200))");
      const rows = Array.from({ length: 3000 }, (_, i) => [i + 1, `value ${i} ${"·".repeat(100)}`]);
      await conn.query("INSERT INTO many VALUES ?", [rows]);
    } finally {
      conn.release();
    }
  });
  afterAll(async () => {
    await dropTenants(admin, [source, replica]);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const checksums = async (database: string) => {
    const [rows] = await admin.query<RowDataPacket[]>(
      `CHECKSUM TABLE ${database}.tricky, ${database}.\`we\`\`ird.name\`, ${database}.empty_one, ${database}.many`,
    );
    return rows.map((row) => [String(row.Table).split(".").slice(1).join("."), row.Checksum]);
  };

  it("replays into an identical database: every table, row and byte (checksums match)", async () => {
    const file = join(dir, "full.sql");
    const { sizeBytes } = await dumpDatabase({ pool: admin, database: db(source), file });
    expect(sizeBytes).toBeGreaterThan(600_000);
    execFileSync("mariadb", ["-uroot", `-h${MARIADB.host}`, `-P${MARIADB.port}`, db(replica)], {
      input: readFileSync(file),
    });
    expect(await checksums(db(replica))).toEqual(await checksums(db(source)));
    const [rows] = await admin.query<RowDataPacket[]>(
      `SELECT CAST(big AS CHAR) AS big, CAST(dt AS CHAR) AS dt, UNIX_TIMESTAMP(ts) AS ts, doubled FROM ${db(replica)}.tricky`,
    );
    const [original] = await admin.query<RowDataPacket[]>(
      `SELECT UNIX_TIMESTAMP(ts) AS ts FROM ${db(source)}.tricky`,
    );
    expect(rows[0]).toMatchObject({
      big: "9007199254740993",
      dt: "0000-00-00 00:00:00",
      ts: original[0]?.ts,
    });
    // Large tables are written as several INSERTs, each well under max_allowed_packet.
    const inserts = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("INSERT INTO `many`"));
    expect(inserts.length).toBeGreaterThan(1);
    expect(Math.max(...inserts.map((line) => line.length))).toBeLessThan(1024 * 1024);
  });

  it("reads every table inside ONE consistent snapshot on one connection: a row written meanwhile is not in it", async () => {
    const statements: string[] = [];
    const spy = {
      query: admin.query.bind(admin),
      async getConnection() {
        const real = await admin.getConnection();
        return new Proxy(real, {
          get(target, property, receiver) {
            if (property !== "query") return Reflect.get(target, property, receiver);
            return async (sql: string, values?: unknown[]) => {
              const answer = await target.query(sql, values);
              statements.push(sql);
              // Written by another session after the snapshot opened, before any table is read.
              if (sql.startsWith("START TRANSACTION"))
                await admin.query(`INSERT INTO ${db(source)}.many VALUES (999999, 'late row')`);
              return answer;
            };
          },
        }) as PoolConnection;
      },
    };
    const file = join(dir, "snapshot.sql");
    await dumpDatabase({ pool: spy as never, database: db(source), file });
    expect(statements.slice(0, 3)).toEqual([
      "SET SESSION time_zone = '+00:00'",
      "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ",
      "START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY",
    ]);
    expect(statements.at(-1)).toBe("COMMIT");
    expect(readFileSync(file, "utf8")).not.toContain("late row");
    const [rows] = await admin.query<RowDataPacket[]>(`SELECT v FROM ${db(source)}.many WHERE id = 999999`);
    expect(rows).toHaveLength(1);
    await admin.query(`DELETE FROM ${db(source)}.many WHERE id = 999999`);
  });
});
