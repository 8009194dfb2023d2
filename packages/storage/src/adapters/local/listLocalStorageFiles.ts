import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Environment, EnvironmentSchema, type TenantId, TenantIdSchema } from "@bbws/contracts";
import type { LocalSecrets } from "@bbws/local-cloud";

/** What storage keeps as files on this machine, found by looking, not by records. */
export interface LocalStorageFile {
  readonly kind: "content-dir" | "secret" | "uid-claim";
  readonly id: string;
  readonly tenantId: TenantId;
  readonly environment?: Environment;
}

/** `<efsRoot>/tenants/{tenantId}` directories: id `/tenants/{tenantId}`, the EFS path the outputs carry. */
export function listContentDirs(efsRoot: string): LocalStorageFile[] {
  const tenants = join(efsRoot, "tenants");
  return entries(tenants).flatMap((name) => {
    const tenantId = TenantIdSchema.safeParse(name);
    if (!tenantId.success || !statSync(join(tenants, name)).isDirectory()) return [];
    return [{ kind: "content-dir" as const, id: `/tenants/${tenantId.data}`, tenantId: tenantId.data }];
  });
}

const CREDENTIALS_SECRET = /^local-secret:([^/]+)\/([^/]+)\/db$/;

/** The database credentials in the local secret store, `local-secret:{tenantId}/{env}/db`. */
export function listCredentialSecrets(secrets: LocalSecrets): LocalStorageFile[] {
  return secrets.list().flatMap((id) => {
    const [, tenant, env] = CREDENTIALS_SECRET.exec(id) ?? [];
    const tenantId = TenantIdSchema.safeParse(tenant);
    const environment = EnvironmentSchema.safeParse(env);
    if (!tenantId.success || !environment.success) return [];
    return [{ kind: "secret" as const, id, tenantId: tenantId.data, environment: environment.data }];
  });
}

/** `<storageDir>/uids/{uid}` claim files, each holding the tenantId: id `{uid}`. */
export function listUidClaims(storageDir: string): LocalStorageFile[] {
  const uids = join(storageDir, "uids");
  return entries(uids).flatMap((name) => {
    if (!/^\d+$/.test(name)) return []; // temporary files of a claim in progress
    const tenantId = TenantIdSchema.safeParse(readText(join(uids, name)));
    return tenantId.success ? [{ kind: "uid-claim" as const, id: name, tenantId: tenantId.data }] : [];
  });
}

function entries(directory: string): string[] {
  try {
    return readdirSync(directory).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
