import type { Backup } from "@bbws/contracts";
import { StorageError } from "../domain/errors.ts";
import { backupObjectName, storageNamesOf } from "../domain/storageNames.ts";
import type { StorageProvider } from "../ports.ts";
import { archiveTenantData } from "./archiveTenantData.ts";
import { provisionSteps } from "./provisionSteps.ts";
import { releaseSteps } from "./releaseSteps.ts";
import { restoreTenantData } from "./restoreTenantData.ts";
import type { StorageParts } from "./storageParts.ts";

/** One set of steps for every adapter; the parts decide whether they run on AWS or on this machine. */
export function composeStorageProvider(parts: StorageParts): StorageProvider {
  return {
    ...provisionSteps(parts),
    ...releaseSteps(parts),
    async backup(instance, backupId): Promise<Backup> {
      const names = storageNamesOf(instance);
      const objectName = backupObjectName(names, backupId);
      const record = await parts.records.get(names.recordKey);
      if (record?.instanceId !== names.instanceId || record.state !== "created")
        throw new StorageError(
          "STORAGE.NOT_PROVISIONED",
          `instance ${names.instanceId} holds no storage to back up`,
          { retryable: false },
        );
      const takenAt = parts.clock();
      const archive = await archiveTenantData(parts, { names, instance, objectName, takenAt });
      return { ...archive, backupId, takenAt: takenAt.toISOString() };
    },
    restore: (instance, request) => restoreTenantData(parts, instance, request),
  };
}
