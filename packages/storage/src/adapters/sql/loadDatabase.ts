import { createReadStream } from "node:fs";
import type { PoolConnection, RowDataPacket } from "mysql2/promise";
import { splitSqlStatements } from "./splitSqlStatements.ts";
import { quoteId } from "./sqlIdentifiers.ts";
import type { SqlPool } from "./sqlPool.ts";

/**
 * Empties `database` (every view, then every table; triggers go with their
 * tables) and runs a dump's statements in it, streamed from `file` one
 * statement at a time, all on ONE admin connection (`USE`, the dump's `SET`s
 * hold for the session). The caller has validated the name.
 */
export async function loadDatabase(input: { pool: SqlPool; database: string; file: string }): Promise<void> {
  const connection = await input.pool.getConnection();
  try {
    await connection.query(`USE ${quoteId(input.database)}`);
    await connection.query("SET FOREIGN_KEY_CHECKS=0");
    await dropEverything(connection, input.database);
    const text = createReadStream(input.file, { encoding: "utf8", highWaterMark: 1024 * 1024 });
    for await (const statement of splitSqlStatements(text)) await connection.query(statement);
  } finally {
    // The dump changed the session (time zone, sql_mode, checks): never hand it back to the pool.
    connection.destroy();
  }
}

async function dropEverything(connection: PoolConnection, database: string): Promise<void> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? " +
      "ORDER BY TABLE_TYPE = 'VIEW' DESC, TABLE_NAME",
    [database],
  );
  for (const row of rows) {
    const kind = String(row.type) === "VIEW" ? "VIEW" : "TABLE";
    await connection.query(`DROP ${kind} IF EXISTS ${quoteId(database)}.${quoteId(String(row.name))}`);
  }
}
