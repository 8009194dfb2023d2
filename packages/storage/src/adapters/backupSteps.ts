import type { ResourceRecord } from "@bbws/mesh";
import { StorageError } from "../domain/errors.ts";
import { backupObjectName, type StorageNames, storageNamesOf } from "../domain/storageNames.ts";
import type { StorageProvider } from "../ports.ts";
import { archiveFailed, storeArchive } from "./archiveTenantData.ts";
import { readBackup } from "./readBackup.ts";
import { stageBackup } from "./stageBackup.ts";
import type { StorageParts } from "./storageParts.ts";
import { swapTenantData } from "./swapTenantData.ts";

type BackupSteps = Pick<StorageProvider, "storeBackup" | "verifyBackup" | "restoreData">;

/**
 * The backup and restore steps. The decider orders them and remembers what each did (the safety
 * backup included), so a step keeps no record of its own: a redelivery repeats at most the one
 * step whose result was not saved, and each is safe to repeat (the same object name; a read; the
 * swap of the same backup).
 */
export function backupSteps(parts: StorageParts): BackupSteps {
  return {
    async storeBackup(instance, backupId) {
      const names = storageNamesOf(instance);
      const objectName = backupObjectName(names, backupId);
      await provisioned(parts, names);
      const takenAt = parts.clock();
      try {
        const archive = await storeArchive(parts, { names, instance, objectName, takenAt });
        return { ...archive, backupId, takenAt: takenAt.toISOString() };
      } catch (error) {
        throw archiveFailed(names, error);
      }
    },
    async verifyBackup(instance, backup) {
      const names = storageNamesOf(instance);
      await provisioned(parts, names);
      const verified = await readBackup(parts, { names, archive: backup });
      parts.logger.info("backup verified", { location: backup.location, entries: verified.entries.length });
    },
    /**
     * Stages the backup (verified again while it is extracted: nothing changes if it is bad), then
     * swaps database and content; the staging is cleaned whatever happens.
     */
    async restoreData(instance, backup) {
      const names = storageNamesOf(instance);
      const storage = await provisioned(parts, names);
      const uid = Number(storage.attributes.uid ?? (await parts.uids.allocate(names.tenantId)));
      const owner = parts.content.restoredOwner({ uid, gid: uid });
      const staged = await stageBackup(parts, { names, archive: backup, owner });
      try {
        await swapTenantData(parts, names, staged);
      } finally {
        await staged.discard();
      }
      parts.logger.info("restored", { backupId: backup.backupId, location: backup.location });
    },
  };
}

async function provisioned(parts: StorageParts, names: StorageNames): Promise<ResourceRecord> {
  const storage = await parts.records.get(names.recordKey);
  if (storage?.instanceId === names.instanceId && storage.state === "created") return storage;
  throw new StorageError(
    "STORAGE.NOT_PROVISIONED",
    `instance ${names.instanceId} holds no storage to back up or restore`,
    { retryable: false },
  );
}
