import { rm } from "node:fs/promises";
import { join } from "node:path";
import {
  EnvironmentSchema,
  InstanceIdSchema,
  type OwnedResource,
  type ResourceInventory,
  TenantIdSchema,
} from "@bbws/contracts";
import { createLocalSecrets } from "@bbws/local-cloud";
import type { ResourceRecords } from "@bbws/mesh";
import { StorageError } from "../../domain/errors.ts";
import { tenantRecordKey } from "../../domain/storageNames.ts";
import { toContentError } from "../contentErrors.ts";
import type { SqlPool } from "../sql/sqlPool.ts";
import { listTenantSchemas, removeTenantSchema } from "../sql/tenantSchemaInventory.ts";
import { listContentDirs, listCredentialSecrets, listUidClaims } from "./listLocalStorageFiles.ts";
import { createLocalUidAllocator, type UidRange } from "./localUidAllocator.ts";

export interface LocalStorageInventoryOptions {
  /** The admin pool the local provider uses (root on MariaDB). */
  readonly pool: SqlPool;
  /** The provider's data dir: `efs/tenants/{tenantId}` content, `storage/uids/` claims. */
  readonly dataDir: string;
  /** The directory of the stack's `createLocalSecrets` (the runtime's `{dataDir}/secrets`). */
  readonly secretsDir: string;
  /** The provider's records: they name the instance (and environment) of a tenant's storage. */
  readonly records: ResourceRecords;
  readonly uidRange: UidRange;
  /**
   * Which tenants are this stack's; default every one. The MariaDB server may be shared (an
   * existing one on 3306, other stacks, tests): narrow it so their `wp_` schemas are left alone.
   */
  readonly tenants?: (tenantId: string) => boolean;
  /**
   * The server is not this stack's own (an existing MariaDB): a `wp_` schema or account is listed
   * only when this data dir holds a trace of its tenant (content dir, secret or uid claim; the
   * claim is taken before the database is created and freed after it is dropped), so cleanup
   * never drops another stack's or a test's database. A planted database needs such a trace.
   */
  readonly sharedServer?: boolean;
}

/**
 * The orphan scan's view of local storage, over what really exists: databases and accounts
 * named `wp_{tenantId}` on the server, content directories, credential secret files and uid
 * claims. A tenant's record fills in its instance. Removal reuses the release paths: the SQL
 * module's drops, the secret store, the uid allocator; the record goes once nothing is left.
 */
export function createLocalStorageInventory(options: LocalStorageInventoryOptions): ResourceInventory {
  const { pool, records } = options;
  const efsRoot = join(options.dataDir, "efs");
  const storageDir = join(options.dataDir, "storage");
  const secrets = createLocalSecrets(options.secretsDir);
  const uids = createLocalUidAllocator({ directory: storageDir, range: options.uidRange });
  const inScope = options.tenants ?? (() => true);

  async function existing(): Promise<Omit<OwnedResource, "service">[]> {
    const files = [
      ...listContentDirs(efsRoot),
      ...listCredentialSecrets(secrets),
      ...listUidClaims(storageDir),
    ];
    const traced = new Set(files.map((file) => file.tenantId));
    const onServer = (await listTenantSchemas(pool)).filter(
      (resource) => !options.sharedServer || traced.has(resource.tenantId),
    );
    return [...onServer, ...files].filter((resource) => inScope(resource.tenantId));
  }

  /** The tenant's record names its instance; a secret of another environment is not that instance's. */
  async function withOwner(resource: Omit<OwnedResource, "service">): Promise<OwnedResource> {
    const record = await records.get(tenantRecordKey(resource.tenantId));
    const owned = { service: "storage" as const, ...resource };
    const recorded = EnvironmentSchema.safeParse(record?.attributes.environment);
    const instanceId = InstanceIdSchema.safeParse(record?.instanceId);
    if (!instanceId.success) return owned;
    if (resource.environment && recorded.success && recorded.data !== resource.environment) return owned;
    return {
      ...owned,
      instanceId: instanceId.data,
      ...(!resource.environment && recorded.success ? { environment: recorded.data } : {}),
    };
  }

  async function removeOne(resource: OwnedResource): Promise<string[]> {
    const tenantId = checkedTenant(resource.tenantId);
    const dropped = removeTenantSchema(pool, resource);
    if (dropped) return dropped;
    switch (resource.kind) {
      case "content-dir": {
        if (resource.id !== `/tenants/${tenantId}`) throw invalid(resource);
        const path = join(efsRoot, "tenants", tenantId);
        const found = listContentDirs(efsRoot).some((dir) => dir.id === resource.id);
        await rm(path, { recursive: true, force: true }).catch((error: unknown) => {
          throw toContentError(error, `remove ${path}`);
        });
        return found ? [`content:${resource.id}`] : [];
      }
      case "secret": {
        if (!resource.id.startsWith(`local-secret:${tenantId}/`)) throw invalid(resource);
        if (!secrets.exists(resource.id)) return [];
        secrets.remove(resource.id);
        return [`secret:${resource.id}`];
      }
      case "uid-claim": {
        const claimed = listUidClaims(storageDir).some((claim) => claim.id === resource.id);
        await uids.release(tenantId);
        return claimed ? [`uid:${resource.id}`] : [];
      }
      default:
        throw invalid(resource);
    }
  }

  /** Once nothing of the tenant is left, its record goes: a new instance of it must not be refused. */
  async function forgetIfGone(tenantId: string): Promise<void> {
    const left = (await existing()).some((resource) => resource.tenantId === tenantId);
    if (!left && (await records.get(tenantRecordKey(tenantId))))
      await records.remove(tenantRecordKey(tenantId));
  }

  return {
    service: "storage",
    async list() {
      return Promise.all((await existing()).map(withOwner));
    },
    async remove(resource) {
      const { service: _service, ...found } = resource;
      const owner = (await withOwner(found)).instanceId;
      // A new instance of the tenant recorded since the scan: its storage is not the orphan's.
      if (owner !== resource.instanceId)
        throw new StorageError(
          "STORAGE.TENANT_IN_USE",
          `${resource.kind} ${resource.id} now belongs to instance ${owner}; left in place`,
          { retryable: false },
        );
      const deleted = await removeOne(resource);
      await forgetIfGone(resource.tenantId);
      return deleted;
    },
  };
}

function checkedTenant(tenantId: string): string {
  const parsed = TenantIdSchema.safeParse(tenantId);
  if (!parsed.success)
    throw new StorageError("STORAGE.INVALID_TENANT", `refusing tenant ${JSON.stringify(tenantId)}`, {
      retryable: false,
    });
  return parsed.data;
}

function invalid(resource: OwnedResource): StorageError {
  return new StorageError(
    "STORAGE.INVALID_TENANT",
    `not a local storage resource of tenant ${resource.tenantId}: ${resource.kind} ${JSON.stringify(resource.id)}`,
    { retryable: false },
  );
}
