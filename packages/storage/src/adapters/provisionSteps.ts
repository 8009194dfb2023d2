import type { ResourceRecord, ResourceState } from "@bbws/mesh";
import { StorageError } from "../domain/errors.ts";
import { type StorageNames, storageNamesOf } from "../domain/storageNames.ts";
import type { StorageProvider } from "../ports.ts";
import type { DatabaseCredentials, StorageParts } from "./storageParts.ts";

export const STORAGE_RECORD_KIND = "tenant-storage";

type ProvisionSteps = Pick<
  StorageProvider,
  | "claimTenant"
  | "allocateUid"
  | "ensureContentArea"
  | "ensureCredentials"
  | "ensureDatabase"
  | "completeStorage"
>;

/**
 * The provisioning steps, each idempotent. The record is written first (so a crash at any later
 * point leaves something release can find) and completed last; every step re-reads it and refuses
 * a tenant whose storage is another instance's.
 */
export function provisionSteps(parts: StorageParts): ProvisionSteps {
  return {
    async claimTenant(instance) {
      const names = storageNamesOf(instance);
      const record = await ownRecord(parts, names);
      if (!record) await saveRecord(parts, names, null, "intended", { environment: names.environment });
    },
    async allocateUid(instance) {
      const names = storageNamesOf(instance);
      const record = await ownRecord(parts, names);
      const uid = await parts.uids.allocate(names.tenantId);
      await saveRecord(parts, names, record, record?.state ?? "intended", { uid: String(uid) });
      return uid;
    },
    async ensureContentArea(instance, { uid }) {
      const names = storageNamesOf(instance);
      const record = await ownRecord(parts, names);
      const { accessPointId } = await parts.content.ensure(names, { uid, gid: uid });
      await saveRecord(parts, names, record, record?.state ?? "intended", { accessPointId });
      return { accessPointId };
    },
    async ensureCredentials(instance) {
      const names = storageNamesOf(instance);
      await ownRecord(parts, names);
      const { ref } = await parts.credentials.ensure(names, draftOf(parts, names));
      return { secretRef: ref };
    },
    async ensureDatabase(instance) {
      const names = storageNamesOf(instance);
      await ownRecord(parts, names);
      // Reads the stored credentials (their password wins): the password never leaves the store.
      const { credentials } = await parts.credentials.ensure(names, draftOf(parts, names));
      // The stored user: after a credentials rotation it is the other one (`wp_{tenantId}_alt`).
      await parts.database.ensure({
        database: names.databaseName,
        user: credentials.user,
        password: credentials.password,
      });
    },
    async completeStorage(instance, { uid, accessPointId, secretRef }) {
      const names = storageNamesOf(instance);
      const record = await ownRecord(parts, names);
      const attributes = { environment: names.environment, uid: String(uid), accessPointId, secretRef };
      await saveRecord(parts, names, record, "created", attributes);
      return {
        accessPointId,
        rootDirectory: names.contentRoot,
        posixUid: uid,
        posixGid: uid,
        databaseHost: parts.databaseHost,
        databasePort: parts.databasePort,
        databaseName: names.databaseName,
        databaseUser: names.databaseUser,
        credentialsSecretRef: secretRef,
      };
    },
  };
}

/** The tenant's record when it is this instance's (or none yet); another instance's is refused. */
async function ownRecord(parts: StorageParts, names: StorageNames): Promise<ResourceRecord | null> {
  const existing = await parts.records.get(names.recordKey);
  if (existing && existing.instanceId !== names.instanceId)
    throw new StorageError(
      "STORAGE.TENANT_IN_USE",
      `tenant ${names.tenantId} storage belongs to instance ${existing.instanceId} (${existing.attributes.environment}); release it first`,
      { retryable: false },
    );
  return existing;
}

function draftOf(parts: StorageParts, names: StorageNames): DatabaseCredentials {
  return {
    host: parts.databaseHost,
    port: parts.databasePort,
    database: names.databaseName,
    user: names.databaseUser,
    password: parts.newPassword(),
  };
}

/** Writes only when something changed, so a repeated step leaves the record as it was. */
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
