import { type FileHandle, open, stat } from "node:fs/promises";
import type { Connection as CoreConnection, TypeCast } from "mysql2";
import { type PoolConnection, type RowDataPacket, escape as sqlString } from "mysql2/promise";
import { quoteId } from "./sqlIdentifiers.ts";
import type { SqlPool } from "./sqlPool.ts";

/** Columns whose bytes are not text: dumped as hex literals, so no charset conversion can corrupt them. */
const BINARY_TYPES = new Set([
  "binary",
  "varbinary",
  "tinyblob",
  "blob",
  "mediumblob",
  "longblob",
  "bit",
  "geometry",
  "point",
  "linestring",
  "polygon",
  "multipoint",
  "multilinestring",
  "multipolygon",
  "geometrycollection",
  "geomcollection",
]);
/** Generated columns cannot be inserted into (MySQL's DEFAULT_GENERATED is an ordinary column). */
const GENERATED = /\b(VIRTUAL|STORED) GENERATED\b|\bPERSISTENT\b/i;
/** Well under max_allowed_packet (16 MB on MariaDB, 64 MB on MySQL 8), so the dump replays anywhere. */
const INSERT_BATCH_CHARS = 256 * 1024;

const HEADER = [
  "SET NAMES utf8mb4;",
  // TIMESTAMP values are read in UTC (see below) and must be replayed in UTC.
  "SET TIME_ZONE='+00:00';",
  "SET FOREIGN_KEY_CHECKS=0;",
  "SET UNIQUE_CHECKS=0;",
  // Not strict: zero dates (WordPress's '0000-00-00 00:00:00') must replay as they were.
  "SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO';",
];

interface Column {
  readonly name: string;
  readonly binary: boolean;
}

/**
 * A logical dump in Node (no mysqldump binary in Lambda): every base table's
 * `SHOW CREATE TABLE` and its rows as INSERTs, read in ONE transaction started
 * `WITH CONSISTENT SNAPSHOT`, so the dump is one point in time (InnoDB tables).
 * Views, triggers, routines and sequences are not dumped (WordPress uses none).
 */
export async function dumpDatabase(input: {
  pool: SqlPool;
  database: string;
  file: string;
}): Promise<{ sizeBytes: number }> {
  const out = await open(input.file, "w", 0o600);
  const connection = await input.pool.getConnection().catch(async (error: unknown) => {
    await out.close();
    throw error;
  });
  try {
    await connection.query("SET SESSION time_zone = '+00:00'");
    await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    await connection.query("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
    await write(out, `-- bbws logical dump of ${quoteId(input.database)}\n${HEADER.join("\n")}\n`);
    for (const table of await baseTables(connection, input.database))
      await dumpTable(connection, out, input.database, table);
    await write(out, "SET FOREIGN_KEY_CHECKS=1;\nSET UNIQUE_CHECKS=1;\n");
    await connection.query("COMMIT");
  } catch (error) {
    await connection.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    // The session's time zone was changed: drop the connection rather than hand it back to the pool.
    connection.destroy();
    await out.close();
  }
  return { sizeBytes: (await stat(input.file)).size };
}

async function baseTables(connection: PoolConnection, database: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
    [database],
  );
  return rows.map((row) => String(row.name));
}

async function columnsOf(connection: PoolConnection, database: string, table: string): Promise<Column[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT COLUMN_NAME AS name, DATA_TYPE AS type, EXTRA AS extra FROM information_schema.COLUMNS " +
      "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION",
    [database, table],
  );
  return rows
    .filter((row) => !GENERATED.test(String(row.extra ?? "")))
    .map((row) => ({ name: String(row.name), binary: BINARY_TYPES.has(String(row.type).toLowerCase()) }));
}

async function dumpTable(connection: PoolConnection, out: FileHandle, database: string, table: string) {
  const qualified = `${quoteId(database)}.${quoteId(table)}`;
  const [created] = await connection.query<RowDataPacket[]>(`SHOW CREATE TABLE ${qualified}`);
  const ddl = String(created[0]?.["Create Table"] ?? "");
  await write(out, `\nDROP TABLE IF EXISTS ${quoteId(table)};\n${ddl};\n`);
  const columns = await columnsOf(connection, database, table);
  if (columns.length === 0) return;
  const select = columns.map((column) =>
    column.binary ? `HEX(${quoteId(column.name)})` : quoteId(column.name),
  );
  const prefix = `INSERT INTO ${quoteId(table)} (${columns.map((column) => quoteId(column.name)).join(",")}) VALUES `;
  let batch = "";
  for await (const row of streamRows(connection, `SELECT ${select.join(",")} FROM ${qualified}`)) {
    const values = row.map((value, index) => literal(value, columns[index]?.binary ?? false));
    batch += `${batch ? "," : prefix}(${values.join(",")})`;
    if (batch.length >= INSERT_BATCH_CHARS) {
      await write(out, `${batch};\n`);
      batch = "";
    }
  }
  if (batch) await write(out, `${batch};\n`);
}

/** Rows stream one by one (a table may not fit in memory); every value arrives as text, never parsed. */
function streamRows(connection: PoolConnection, sql: string): AsyncIterable<(string | null)[]> {
  const core = connection.connection as unknown as CoreConnection;
  return core
    .query({
      sql,
      rowsAsArray: true,
      typeCast: asText,
    })
    .stream() as AsyncIterable<(string | null)[]>;
}

/** MySQL's JSON columns come flagged binary: read them as UTF-8 like every other text. */
const asText: TypeCast = (field) => field.string(field.type === "JSON" ? "utf8" : undefined);

/** HEX() of a BIT value can have an odd number of digits, which X'' refuses: pad it. */
function literal(value: string | null, binary: boolean): string {
  if (value === null) return "NULL";
  return binary ? `X'${value.length % 2 === 1 ? `0${value}` : value}'` : sqlString(value);
}

async function write(out: FileHandle, text: string): Promise<void> {
  await out.write(text);
}
