import type { Archive } from "@bbws/contracts";
import type { ResourceRecord } from "@bbws/mesh";
import { archiveObjectName, type StorageNames, storageNamesOf } from "../domain/storageNames.ts";
import type { StorageProvider } from "../ports.ts";
import { archiveTenantData } from "./archiveTenantData.ts";
import type { StorageParts } from "./storageParts.ts";

export const ARCHIVE_RECORD_KIND = "archive";

type ReleaseSteps = Pick<
  StorageProvider,
  "archiveData" | "releaseContent" | "dropDatabase" | "removeCredentials" | "releaseUid" | "forgetStorage"
>;

/**
 * The release steps, each idempotent and each touching only storage whose record is this
 * instance's (a record written before any create means nothing was created; another instance's
 * record means the tenant is not ours to drop). A verified archive is recorded, so a release
 * retried after a partial drop reuses it instead of archiving what is left. The records go last.
 */
export function releaseSteps(parts: StorageParts): ReleaseSteps {
  return {
    async archiveData(instance) {
      const names = storageNamesOf(instance);
      const recorded = await parts.records.get(names.archiveRecordKey);
      if (recorded) return archiveOf(recorded);
      const record = await ownRecord(parts, names);
      if (!record) return null;
      const takenAt = parts.clock();
      const objectName = archiveObjectName(names, takenAt);
      const archive = await archiveTenantData(parts, { names, instance, objectName, takenAt });
      await parts.records.put({
        ...record,
        key: names.archiveRecordKey,
        kind: ARCHIVE_RECORD_KIND,
        state: "created",
        attributes: {
          location: archive.location,
          sha256: archive.sha256,
          sizeBytes: String(archive.sizeBytes),
        },
        updatedAt: takenAt.toISOString(),
      });
      return archive;
    },
    async releaseContent(instance) {
      const names = storageNamesOf(instance);
      const record = await ownRecord(parts, names, { warn: true });
      return record ? parts.content.release(names, { accessPointId: record.attributes.accessPointId }) : [];
    },
    async dropDatabase(instance) {
      const names = storageNamesOf(instance);
      if (!(await ownRecord(parts, names))) return [];
      // The user first, so nobody writes into a database about to go.
      return parts.database.drop({
        database: names.databaseName,
        user: names.databaseUser,
        alternateUser: names.databaseAlternateUser,
      });
    },
    async removeCredentials(instance) {
      const names = storageNamesOf(instance);
      return (await ownRecord(parts, names)) ? parts.credentials.remove(names) : [];
    },
    async releaseUid(instance) {
      const names = storageNamesOf(instance);
      const record = await ownRecord(parts, names);
      if (!record) return [];
      const uid = record.attributes.uid === undefined ? undefined : Number(record.attributes.uid);
      await parts.uids.release(names.tenantId, uid);
      return uid === undefined ? [] : [`uid:${uid}`];
    },
    async forgetStorage(instance) {
      const names = storageNamesOf(instance);
      if (await ownRecord(parts, names)) await parts.records.remove(names.recordKey);
      if (await parts.records.get(names.archiveRecordKey)) await parts.records.remove(names.archiveRecordKey);
    },
  };
}

async function ownRecord(
  parts: StorageParts,
  names: StorageNames,
  options: { warn?: boolean } = {},
): Promise<ResourceRecord | null> {
  const record = await parts.records.get(names.recordKey);
  if (record?.instanceId === names.instanceId) return record;
  if (record && options.warn)
    parts.logger.warn("storage belongs to another instance; nothing released", { owner: record.instanceId });
  return null;
}

function archiveOf(record: ResourceRecord): Archive {
  const { location = "", sha256 = "", sizeBytes = "0" } = record.attributes;
  return { location, sha256, sizeBytes: Number(sizeBytes) };
}
