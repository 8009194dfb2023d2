import type { Archive, InstanceRef } from "@bbws/contracts";
import type { ResourceRecord } from "@bbws/mesh";
import { archiveObjectName, storageNamesOf } from "../domain/storageNames.ts";
import { archiveTenantData } from "./archiveTenantData.ts";
import { RESTORE_RECORD_KIND } from "./restoreTenantData.ts";
import type { StorageParts } from "./storageParts.ts";

export const ARCHIVE_RECORD_KIND = "archive";

/**
 * Archives first when asked (and drops nothing if that fails), then deletes
 * the content area, database and user, secret and uid claim, and the record
 * last. A verified archive is recorded, so a release retried after a partial
 * drop reuses it instead of archiving what is left. Restore records go too.
 */
export async function releaseTenantStorage(
  parts: StorageParts,
  instance: InstanceRef,
  options: { archive: boolean },
): Promise<{ released: string[]; archive?: Archive }> {
  const names = storageNamesOf(instance);
  const record = await parts.records.get(names.recordKey);
  const recorded = await parts.records.get(names.archiveRecordKey);
  if (!record || record.instanceId !== names.instanceId) {
    // Nothing of this instance's: a record written before any create means nothing was created.
    if (record)
      parts.logger.warn("storage belongs to another instance; nothing released", {
        owner: record.instanceId,
      });
    if (recorded) await parts.records.remove(names.archiveRecordKey);
    await removeRestoreRecords(parts, names.instanceId);
    return recorded ? { released: [], archive: archiveOf(recorded) } : { released: [] };
  }
  let archive = recorded ? archiveOf(recorded) : undefined;
  if (options.archive && !archive) {
    const takenAt = parts.clock();
    archive = await archiveTenantData(parts, {
      names,
      instance,
      objectName: archiveObjectName(names, takenAt),
      takenAt,
    });
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
  }
  const released = [
    ...(await parts.content.release(names, { accessPointId: record.attributes.accessPointId })),
    ...(await parts.database.drop({ database: names.databaseName, user: names.databaseUser })),
    ...(await parts.credentials.remove(names)),
  ];
  const uid = record.attributes.uid === undefined ? undefined : Number(record.attributes.uid);
  await parts.uids.release(names.tenantId, uid);
  if (uid !== undefined) released.push(`uid:${uid}`);
  await removeRestoreRecords(parts, names.instanceId);
  await parts.records.remove(names.recordKey);
  if (recorded || archive) await parts.records.remove(names.archiveRecordKey);
  return archive ? { released, archive } : { released };
}

/** The restores' records (their safety backups stay in the archive store). */
async function removeRestoreRecords(parts: StorageParts, instanceId: string): Promise<void> {
  for (const record of await parts.records.listByInstance(instanceId))
    if (record.service === "storage" && record.kind === RESTORE_RECORD_KIND)
      await parts.records.remove(record.key);
}

function archiveOf(record: ResourceRecord): Archive {
  const { location = "", sha256 = "", sizeBytes = "0" } = record.attributes;
  return { location, sha256, sizeBytes: Number(sizeBytes) };
}
