import {
  InstanceIdSchema,
  type InstanceRef,
  resourceNames,
  TENANT_ID_PATTERN,
  TenantIdSchema,
} from "@bbws/contracts";
import { StorageError } from "./errors.ts";

/**
 * A MySQL database or user name we create: `wp_` + a tenantId, and `_alt` for the rotation's other
 * user. Derived from the tenantId rule so the SQL layer can re-check a name without trusting its caller.
 */
export const DATABASE_IDENTIFIER_PATTERN = new RegExp(`^wp_${TENANT_ID_PATTERN.source.slice(1, -1)}(_alt)?$`);

export interface StorageNames {
  readonly tenantId: string;
  readonly instanceId: string;
  readonly environment: InstanceRef["environment"];
  readonly databaseName: string;
  readonly databaseUser: string;
  /** `wp_{tenantId}_alt`: the user a credentials rotation alternates with (HLD 6.2). */
  readonly databaseAlternateUser: string;
  /** `/tenants/{tenantId}`: the EFS root; locally mapped under `<dataDir>/efs`. */
  readonly contentRoot: string;
  readonly accessPointName: string;
  /** `{tenantId}/{env}/db`: a local secret name, or a Secrets Manager name after a prefix. */
  readonly secretName: string;
  /** The ResourceRecord of the tenant's storage (names are per tenant, not per instance). */
  readonly recordKey: string;
  /** The ResourceRecord of a verified deprovisioning archive, so a retried release reuses it. */
  readonly archiveRecordKey: string;
}

/**
 * Validates the instance BEFORE anything touches SQL, a path or a cloud API:
 * the tenantId rule makes injection and path traversal impossible by construction.
 */
export function storageNamesOf(instance: InstanceRef): StorageNames {
  const tenant = TenantIdSchema.safeParse(instance.tenantId);
  const id = InstanceIdSchema.safeParse(instance.instanceId);
  if (!tenant.success || !id.success)
    throw new StorageError(
      "STORAGE.INVALID_TENANT",
      `refusing instance ${JSON.stringify(instance.instanceId)} of tenant ${JSON.stringify(instance.tenantId)}: ` +
        (tenant.success
          ? "instanceId must be a UUID"
          : // Stryker disable next-line OptionalChaining,StringLiteral: a failed zod parse always has an issue; the fallback is for the type.
            (tenant.error.issues[0]?.message ?? "invalid tenantId")),
      { retryable: false },
    );
  const names = resourceNames(tenant.data, instance.environment);
  return {
    tenantId: tenant.data,
    instanceId: id.data,
    environment: instance.environment,
    databaseName: names.databaseName,
    databaseUser: names.databaseUser,
    databaseAlternateUser: names.databaseAlternateUser,
    contentRoot: names.contentRoot,
    accessPointName: names.accessPoint,
    secretName: `${tenant.data}/${instance.environment}/db`,
    recordKey: tenantRecordKey(tenant.data),
    archiveRecordKey: `storage/archive/${id.data}`,
  };
}

/** `{tenantId}/{instanceId}-{yyyymmddThhmmssZ}.tar.gz`: sortable, unique per attempt. */
export function archiveObjectName(names: StorageNames, at: Date): string {
  const compact = at.toISOString().replace(/[-:]/g, "");
  // Stryker disable next-line Regex: toISOString has one ".sssZ", at the end; the anchor only says so.
  const stamp = compact.replace(/\.\d{3}Z$/, "Z");
  return `${names.tenantId}/${names.instanceId}-${stamp}.tar.gz`;
}

/** `{tenantId}/backups/{backupId}.tar.gz`: one object per backupId, so a retried backup overwrites. */
export function backupObjectName(names: StorageNames, backupId: string): string {
  if (!InstanceIdSchema.safeParse(backupId).success)
    throw new StorageError("STORAGE.INVALID_TENANT", `backupId ${JSON.stringify(backupId)} must be a UUID`, {
      retryable: false,
    });
  return `${names.tenantId}/backups/${backupId}.tar.gz`;
}

/** The key of a tenant's storage record (one per tenant: one environment per account). */
export function tenantRecordKey(tenantId: string): string {
  return `storage/tenant/${tenantId}`;
}
