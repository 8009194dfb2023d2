import { randomBytes } from "node:crypto";
import { COGNITO_RESERVED_WORDS } from "@bbws/contracts";
import { createConnection, createPool, type Pool, type RowDataPacket } from "mysql2/promise";
import type { SqlPool } from "../adapters/sql/sqlPool.ts";

/** The machine's MariaDB (root, empty password), as the brief of this repository describes it. */
export const MARIADB = { host: "127.0.0.1", port: 3306 } as const;
const HOSTS = ["%", "localhost", "127.0.0.1"];

export function createAdminPool(): Pool {
  return createPool({ ...MARIADB, user: "root", password: "", connectionLimit: 4 });
}

/** `st` + 10 random base-36 characters: unique per run, valid under the tenantId rule. */
export function uniqueTenantId(): string {
  for (;;) {
    const candidate = `st${BigInt(`0x${randomBytes(8).toString("hex")}`)
      .toString(36)
      .slice(0, 10)}`;
    if (!COGNITO_RESERVED_WORDS.some((word) => candidate.includes(word))) return candidate;
  }
}

/** Drops whatever a test may have left for these tenants, even after a failure. */
export async function dropTenants(pool: Pool, tenantIds: Iterable<string>): Promise<void> {
  for (const tenantId of tenantIds) {
    const name = `wp_${tenantId}`;
    await pool.query(`DROP DATABASE IF EXISTS \`${name}\``);
    for (const user of [name, `${name}_alt`])
      for (const host of HOSTS) await pool.query("DROP USER IF EXISTS ?@?", [user, host]);
  }
}

/** Every trace of a tenant in the server's catalog: databases, accounts, database-level grants. */
export async function sqlTraces(pool: Pool, tenantId: string) {
  const name = `wp_${tenantId}`;
  const [databases] = await pool.query<RowDataPacket[]>(
    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
    [name],
  );
  // The rotation's other user (`_alt`) counts too.
  const alternate = `${name}_alt`;
  const [users] = await pool.query<RowDataPacket[]>(
    "SELECT User, Host FROM mysql.user WHERE User IN (?, ?)",
    [name, alternate],
  );
  const [grants] = await pool.query<RowDataPacket[]>(
    "SELECT Db, User, Host FROM mysql.db WHERE User IN (?, ?) OR Db IN (?, ?)",
    [name, alternate, name, name.replace("_", "\\_")],
  );
  return { databases: databases.length, users: users.length, grants: grants.length };
}

export async function connectAs(credentials: { user: string; password: string; database?: string }) {
  return createConnection({
    ...MARIADB,
    user: credentials.user,
    password: credentials.password,
    database: credentials.database,
  });
}

/** A pool that records and refuses every use: proves that nothing reached SQL. */
export function createSpyPool(): { pool: SqlPool; calls: string[] } {
  const calls: string[] = [];
  const refuse =
    (what: string) =>
    (...args: unknown[]) => {
      calls.push(`${what} ${JSON.stringify(args[0])}`);
      return Promise.reject(new Error(`unexpected ${what}`));
    };
  return {
    pool: { query: refuse("query"), getConnection: refuse("getConnection") } as unknown as SqlPool,
    calls,
  };
}
