import type { InstanceRef, StorageOutputs } from "@bbws/contracts";
import type { ResourceRecord, ResourceState } from "@bbws/mesh";
import { StorageError } from "../domain/errors.ts";
import { type StorageNames, storageNamesOf } from "../domain/storageNames.ts";
import type { StorageParts } from "./storageParts.ts";

export const STORAGE_RECORD_KIND = "tenant-storage";

/**
 * Creates or converges the tenant's storage. The record is written first (so a
 * crash at any later point leaves something release can find) and completed
 * last. Every step is idempotent, so a retry repairs whatever is missing.
 */
export async function ensureTenantStorage(
  parts: StorageParts,
  instance: InstanceRef,
): Promise<StorageOutputs> {
  const names = storageNamesOf(instance);
  const existing = await parts.records.get(names.recordKey);
  if (existing && existing.instanceId !== names.instanceId)
    throw new StorageError(
      "STORAGE.TENANT_IN_USE",
      `tenant ${names.tenantId} storage belongs to instance ${existing.instanceId} (${existing.attributes.environment}); release it first`,
      { retryable: false },
    );
  let record =
    existing ?? (await saveRecord(parts, names, null, "intended", { environment: names.environment }));
  const uid = await parts.uids.allocate(names.tenantId);
  const { accessPointId } = await parts.content.ensure(names, { uid, gid: uid });
  record = await saveRecord(parts, names, record, record.state, { uid: String(uid), accessPointId });
  const { ref, credentials } = await parts.credentials.ensure(names, {
    host: parts.databaseHost,
    port: parts.databasePort,
    database: names.databaseName,
    user: names.databaseUser,
    password: parts.newPassword(),
  });
  await parts.database.ensure({
    database: names.databaseName,
    user: names.databaseUser,
    password: credentials.password,
  });
  await saveRecord(parts, names, record, "created", { secretRef: ref });
  return {
    accessPointId,
    rootDirectory: names.contentRoot,
    posixUid: uid,
    posixGid: uid,
    databaseHost: parts.databaseHost,
    databasePort: parts.databasePort,
    databaseName: names.databaseName,
    databaseUser: names.databaseUser,
    credentialsSecretRef: ref,
  };
}

/** Writes only when something changed, so a repeated ensure leaves the record as it was. */
async function saveRecord(
  parts: StorageParts,
  names: StorageNames,
  current: ResourceRecord | null,
  state: ResourceState,
  attributes: Record<string, string>,
): Promise<ResourceRecord> {
  const merged = { ...current?.attributes, ...attributes };
  const same =
    current?.state === state &&
    Object.entries(merged).every(([key, value]) => current.attributes[key] === value);
  if (current && same) return current;
  const record: ResourceRecord = {
    key: names.recordKey,
    service: "storage",
    kind: STORAGE_RECORD_KIND,
    instanceId: names.instanceId,
    tenantId: names.tenantId,
    state,
    attributes: merged,
    updatedAt: parts.clock().toISOString(),
  };
  await parts.records.put(record);
  return record;
}
