import { type TenantId, TenantIdSchema } from "@bbws/contracts";
import type { RowDataPacket } from "mysql2/promise";
import { toDatabaseError } from "./sqlErrors.ts";
import { assertAccountHost, assertTenantIdentifier, quoteId } from "./sqlIdentifiers.ts";
import type { SqlPool } from "./sqlPool.ts";

/** `wp\_%`: the `_` escaped, or LIKE would also match `wpXacme`. */
const TENANT_NAME_LIKE = "wp\\_%";

export interface TenantDatabaseEntry {
  readonly database: string;
  readonly tenantId: TenantId;
}

export interface TenantUserEntry {
  readonly user: string;
  readonly host: string;
  readonly tenantId: TenantId;
}

/** The orphan scan's id of a database account: `wp_{tenantId}@{host}` (a user name never holds `@`). */
export function tenantUserId(account: { user: string; host: string }): string {
  return `${account.user}@${account.host}`;
}

export function parseTenantUserId(id: string): { user: string; host: string } {
  const at = id.indexOf("@");
  return {
    user: assertTenantIdentifier(at === -1 ? id : id.slice(0, at)),
    host: assertAccountHost(at === -1 ? "" : id.slice(at + 1)),
  };
}

/** `wp_{tenantId}` with a valid tenantId, else undefined: what we never create is never ours. */
/** `wp_{tenantId}`, or `wp_{tenantId}_alt` (the rotation's other user): whose it is. */
function tenantOf(name: string): TenantId | undefined {
  if (!name.startsWith("wp_")) return undefined;
  const tenantId = TenantIdSchema.safeParse(name.slice(3).replace(/_alt$/, ""));
  return tenantId.success ? tenantId.data : undefined;
}

function isAccountHost(host: string): boolean {
  try {
    assertAccountHost(host);
    return true;
  } catch {
    return false;
  }
}

async function run(pool: SqlPool, doing: string, sql: string, values: unknown[] = []) {
  try {
    const [rows] = await pool.query<RowDataPacket[]>(sql, values);
    return rows;
  } catch (error) {
    throw toDatabaseError(error, doing);
  }
}

/** Every database named `wp_{tenantId}` on the server (RDS or MariaDB), sorted by name. */
export async function listTenantDatabases(pool: SqlPool): Promise<TenantDatabaseEntry[]> {
  const rows = await run(
    pool,
    "list tenant databases",
    "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? ORDER BY SCHEMA_NAME",
    [TENANT_NAME_LIKE],
  );
  return rows.flatMap((row) => {
    const database = String(row.name);
    const tenantId = tenantOf(database);
    return tenantId ? [{ database, tenantId }] : [];
  });
}

/**
 * Every account named `wp_{tenantId}` or `wp_{tenantId}_alt`, one entry per host (`%` on RDS, `localhost` and
 * `127.0.0.1` locally). Reads `mysql.user`: the RDS master user and root may.
 */
export async function listTenantUsers(pool: SqlPool): Promise<TenantUserEntry[]> {
  const rows = await run(
    pool,
    "list tenant users",
    "SELECT User AS user, Host AS host FROM mysql.user WHERE User LIKE ? ORDER BY User, Host",
    [TENANT_NAME_LIKE],
  );
  return rows.flatMap((row) => {
    const user = String(row.user);
    const host = String(row.host);
    const tenantId = tenantOf(user);
    return tenantId && isAccountHost(host) ? [{ user, host, tenantId }] : [];
  });
}

/** Drops one tenant database; `[]` when it is gone already. */
export async function dropTenantDatabase(pool: SqlPool, name: string): Promise<string[]> {
  const database = assertTenantIdentifier(name);
  const found = await run(
    pool,
    "look up database",
    "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
    [database],
  );
  if (found.length === 0) return [];
  await run(pool, "drop database", `DROP DATABASE IF EXISTS ${quoteId(database)}`);
  return [`database:${database}`];
}

/** Drops one tenant account (`user@host`); `[]` when it is gone already. */
export async function dropTenantUser(
  pool: SqlPool,
  account: { user: string; host: string },
): Promise<string[]> {
  const user = assertTenantIdentifier(account.user);
  const host = assertAccountHost(account.host);
  const found = await run(pool, "look up user", "SELECT User FROM mysql.user WHERE User = ? AND Host = ?", [
    user,
    host,
  ]);
  if (found.length === 0) return [];
  await run(pool, "drop user", "DROP USER IF EXISTS ?@?", [user, host]);
  return [`user:${tenantUserId({ user, host })}`];
}

export const DATABASE_KIND = "database";
export const DATABASE_USER_KIND = "database-user";

/** The tenants' databases and accounts as the orphan scan lists them (both inventories, RDS and MariaDB). */
export async function listTenantSchemas(
  pool: SqlPool,
): Promise<{ kind: string; id: string; tenantId: TenantId }[]> {
  const databases = (await listTenantDatabases(pool)).map(({ database, tenantId }) => ({
    kind: DATABASE_KIND,
    id: database,
    tenantId,
  }));
  const users = (await listTenantUsers(pool)).map((account) => ({
    kind: DATABASE_USER_KIND,
    id: tenantUserId(account),
    tenantId: account.tenantId,
  }));
  return [...databases, ...users];
}

/** Drops a listed database or account; `undefined` when the kind is neither. */
export function removeTenantSchema(
  pool: SqlPool,
  resource: { kind: string; id: string },
): Promise<string[]> | undefined {
  if (resource.kind === DATABASE_USER_KIND) return dropTenantUser(pool, parseTenantUserId(resource.id));
  if (resource.kind === DATABASE_KIND) return dropTenantDatabase(pool, resource.id);
  return undefined;
}
