import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { resourceNames } from "@bbws/contracts";
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { liveProcesses } from "./procScan.ts";

/** Everything of one tenant that exists on a local stack, each kind where it really lives. */
export interface TenantTraces {
  readonly databases: readonly string[];
  /** `user@host` of the tenant's MariaDB accounts, and the schema grants they hold. */
  readonly databaseUsers: readonly string[];
  readonly grants: readonly string[];
  readonly contentDir: boolean;
  readonly secrets: readonly string[];
  /** Process groups of php serving the tenant's config. */
  readonly phpGroups: readonly number[];
  readonly registryEntry: boolean;
  readonly routes: readonly string[];
  /** Names of cognito-local user pools named after the tenant. */
  readonly userPools: readonly string[];
}

export const NO_TRACES: TenantTraces = {
  databases: [],
  databaseUsers: [],
  grants: [],
  contentDir: false,
  secrets: [],
  phpGroups: [],
  registryEntry: false,
  routes: [],
  userPools: [],
};

/**
 * What the stack's data dir, MariaDB and /proc hold for a tenant, read without the code under
 * test (not through a provider or the orphan scan), so a test can tell "nothing left" apart
 * from "nothing found by the same code that forgot it".
 */
export async function tenantTraces(dataDir: string, tenantId: string): Promise<TenantTraces> {
  const names = resourceNames(tenantId, "dev");
  const db = await createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  try {
    const [schemas] = await db.query<RowDataPacket[]>(
      "SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
      [names.databaseName],
    );
    const [users] = await db.query<RowDataPacket[]>("SELECT User, Host FROM mysql.user WHERE User = ?", [
      names.databaseUser,
    ]);
    const [grants] = await db.query<RowDataPacket[]>("SELECT User, Host FROM mysql.db WHERE User = ?", [
      names.databaseUser,
    ]);
    return {
      databases: schemas.map((row) => String(row.name)),
      databaseUsers: users.map((row) => `${row.User}@${row.Host}`).sort(),
      grants: grants.map((row) => `${row.User}@${row.Host}`).sort(),
      contentDir: existsSync(join(dataDir, "efs", "tenants", tenantId)),
      secrets: filesUnder(join(dataDir, "secrets")).filter((file) => file.includes(tenantId)),
      phpGroups: phpGroupsOf(dataDir, tenantId),
      registryEntry: tenantId in registryTenants(dataDir),
      routes: Object.keys(readJson(join(dataDir, "routing", "target-groups.json"))).filter((name) =>
        name.includes(tenantId),
      ),
      userPools: userPoolNames(dataDir).filter((name) => name === `bbws-${tenantId}-users`),
    };
  } finally {
    await db.end();
  }
}

function phpGroupsOf(dataDir: string, tenantId: string): number[] {
  const config = `WP_TENANT_CONFIG=${join(dataDir, "compute", tenantId)}/`;
  const groups = liveProcesses()
    .filter((found) => found.environ.some((variable) => variable.startsWith(config)))
    .map((found) => found.pgid);
  return [...new Set(groups)].sort();
}

function registryTenants(dataDir: string): Record<string, unknown> {
  const registry = readJson(join(dataDir, "compute", "registry.json")) as { tenants?: object };
  return (registry.tenants ?? {}) as Record<string, unknown>;
}

/** cognito-local keeps one `{userPoolId}.json` per pool (and `clients.json`) under its cwd. */
function userPoolNames(dataDir: string): string[] {
  const directory = join(dataDir, "cognito", ".cognito", "db");
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith(".json") && file !== "clients.json")
    .map((file) => readJson(join(directory, file)) as { Options?: { Name?: string } })
    .flatMap((pool) => (pool.Options?.Name ? [pool.Options.Name] : []));
}

function readJson(file: string): object {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as object) : {};
}

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
