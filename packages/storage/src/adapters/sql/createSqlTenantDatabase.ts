import type { RowDataPacket } from "mysql2/promise";
import type { TenantDatabase } from "../storageParts.ts";
import { dumpDatabase } from "./dumpDatabase.ts";
import { loadDatabase } from "./loadDatabase.ts";
import { toDatabaseError } from "./sqlErrors.ts";
import {
  assertAccountHost,
  assertTenantIdentifier,
  grantDatabasePattern,
  quoteId,
} from "./sqlIdentifiers.ts";
import type { SqlPool } from "./sqlPool.ts";
import { testTenantLogin } from "./testTenantLogin.ts";

export interface SqlTenantDatabaseOptions {
  /** An admin pool (root locally, the RDS master user on AWS), kept small by the caller. */
  readonly pool: SqlPool;
  /** Hosts the tenant's account may connect from: `["%"]` on RDS, `["localhost", "127.0.0.1"]` locally. */
  readonly userHosts: readonly string[];
  /** TLS for the tenant's own logins (a rotation's test): "Amazon RDS" on AWS, none locally. */
  readonly tenantSsl?: string;
}

/**
 * One database and one user per tenant, shared by RDS and MariaDB. Every name is
 * re-validated here and passed through `?`/escapeId: no SQL is built from unchecked input.
 */
export function createSqlTenantDatabase(options: SqlTenantDatabaseOptions): TenantDatabase {
  const { pool } = options;
  const hosts = options.userHosts.map(assertAccountHost);
  if (hosts.length === 0) throw new Error("userHosts must name at least one host");

  async function run(doing: string, sql: string, values: unknown[] = []) {
    try {
      return await pool.query<RowDataPacket[]>(sql, values);
    } catch (error) {
      throw toDatabaseError(error, doing);
    }
  }

  async function setPassword(input: { database: string; user: string; password: string }) {
    const database = assertTenantIdentifier(input.database);
    const user = assertTenantIdentifier(input.user);
    for (const host of hosts) {
      await run("create user", "CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?", [user, host, input.password]);
      // The user may predate a lost secret: setting the password every time makes ensure converge.
      await run("set password", "ALTER USER ?@? IDENTIFIED BY ?", [user, host, input.password]);
      await run("grant", `GRANT ALL PRIVILEGES ON ${grantDatabasePattern(database)}.* TO ?@?`, [user, host]);
    }
  }

  return {
    async ensure(input) {
      const database = assertTenantIdentifier(input.database);
      assertTenantIdentifier(input.user);
      await run(
        "create database",
        `CREATE DATABASE IF NOT EXISTS ${quoteId(database)} CHARACTER SET utf8mb4`,
      );
      await setPassword(input);
    },
    setPassword,
    async revokePassword(target) {
      const user = assertTenantIdentifier(target.user);
      for (const host of hosts)
        await run("revoke password", "ALTER USER IF EXISTS ?@? IDENTIFIED BY ?", [
          user,
          host,
          target.password,
        ]);
    },
    testLogin: (credentials) => testTenantLogin(credentials, options.tenantSsl),
    async exists(name) {
      const database = assertTenantIdentifier(name);
      const [rows] = await run(
        "look up database",
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
        [database],
      );
      return rows.length > 0;
    },
    async dump(name, file) {
      const database = assertTenantIdentifier(name);
      try {
        return await dumpDatabase({ pool, database, file });
      } catch (error) {
        throw toDatabaseError(error, `dump ${database}`);
      }
    },
    async load(name, file) {
      const database = assertTenantIdentifier(name);
      try {
        await loadDatabase({ pool, database, file });
      } catch (error) {
        throw toDatabaseError(error, `load ${database}`);
      }
    },
    async drop(target) {
      const database = assertTenantIdentifier(target.database);
      const users = [target.user, ...(target.alternateUser ? [target.alternateUser] : [])].map(
        assertTenantIdentifier,
      );
      const accounts = users.flatMap((user) => hosts.map((host) => [user, host] as const));
      // The users first: once they are gone nobody can write into a database about to be dropped.
      for (const [user, host] of accounts) await run("drop user", "DROP USER IF EXISTS ?@?", [user, host]);
      await run("drop database", `DROP DATABASE IF EXISTS ${quoteId(database)}`);
      return [`database:${database}`, ...accounts.map(([user, host]) => `user:${user}@${host}`)];
    },
  };
}
