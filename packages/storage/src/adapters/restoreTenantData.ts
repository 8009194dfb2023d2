import type { Backup, InstanceRef } from "@bbws/contracts";
import type { ResourceRecord } from "@bbws/mesh";
import { StorageError } from "../domain/errors.ts";
import {
  backupObjectName,
  restoreRecordKey,
  type StorageNames,
  storageNamesOf,
} from "../domain/storageNames.ts";
import { archiveTenantData } from "./archiveTenantData.ts";
import { stageBackup } from "./stageBackup.ts";
import type { StorageParts } from "./storageParts.ts";
import { swapTenantData } from "./swapTenantData.ts";

export const RESTORE_RECORD_KIND = "restore";

type Owner = { uid: number; gid: number } | undefined;
type Phase = "swapping" | "done" | "failed";

/**
 * Verify and stage the backup (nothing changes if it is bad), take a safety
 * backup of the current data and record it, swap, and on a failed swap put the
 * safety backup back. The record (`storage/restore/{operationId}`) makes a
 * redelivery reuse the safety backup and answer a finished restore again
 * without redoing it; release deletes it with the rest.
 */
export async function restoreTenantData(
  parts: StorageParts,
  instance: InstanceRef,
  request: { operationId: string; backup: Backup },
): Promise<Backup> {
  const names = storageNamesOf(instance);
  const key = restoreRecordKey(request.operationId);
  const storage = await provisioned(parts, names);
  const known = await parts.records.get(key);
  if (known?.attributes.phase === "done") return safetyOf(known);
  if (known?.attributes.phase === "failed")
    throw new StorageError(
      known.attributes.failureCode === "STORAGE.RESTORE_INCOMPLETE"
        ? "STORAGE.RESTORE_INCOMPLETE"
        : "STORAGE.RESTORE_FAILED",
      known.attributes.failure ?? "the restore failed",
      { retryable: false },
    );
  const uid = Number(storage.attributes.uid ?? (await parts.uids.allocate(names.tenantId)));
  const owner = parts.content.restoredOwner({ uid, gid: uid });
  const staged = await stageBackup(parts, { names, archive: request.backup, owner, purpose: "restoring" });
  try {
    const safety = known ? safetyOf(known) : await takeSafetyBackup(parts, { names, instance, request });
    const record = (phase: Phase, failure?: StorageError) =>
      restoreRecord(parts, { key, names, request, safety, phase, ...(failure ? { failure } : {}) });
    if (!known) await parts.records.put(record("swapping"));
    try {
      await swapTenantData(parts, names, staged);
    } catch (error) {
      await staged.discard();
      const failure = await putBack(parts, { names, owner, safety, request, error });
      await parts.records.put(record("failed", failure));
      throw failure;
    }
    await parts.records.put(record("done"));
    parts.logger.info("restored", { backupId: request.backup.backupId, safety: safety.location });
    return safety;
  } finally {
    await staged.discard();
  }
}

async function provisioned(parts: StorageParts, names: StorageNames): Promise<ResourceRecord> {
  const storage = await parts.records.get(names.recordKey);
  if (storage?.instanceId === names.instanceId && storage.state === "created") return storage;
  throw new StorageError(
    "STORAGE.NOT_PROVISIONED",
    `instance ${names.instanceId} holds no storage to restore`,
    {
      retryable: false,
    },
  );
}

/** The current data, archived and verified like any backup, under backupId = operationId. */
async function takeSafetyBackup(
  parts: StorageParts,
  input: { names: StorageNames; instance: InstanceRef; request: { operationId: string } },
): Promise<Backup> {
  const { operationId } = input.request;
  const objectName = backupObjectName(input.names, operationId);
  const takenAt = parts.clock();
  const archive = await archiveTenantData(parts, {
    names: input.names,
    instance: input.instance,
    objectName,
    takenAt,
  });
  return { ...archive, backupId: operationId, takenAt: takenAt.toISOString() };
}

/** Swaps the safety backup back in; RESTORE_FAILED when that worked, RESTORE_INCOMPLETE when not. */
async function putBack(
  parts: StorageParts,
  input: {
    names: StorageNames;
    owner: Owner;
    safety: Backup;
    request: { backup: Backup };
    error: unknown;
  },
): Promise<StorageError> {
  const { names, owner, safety, error } = input;
  const what = `restoring backup ${input.request.backup.backupId} failed (${messageOf(error)})`;
  try {
    const staged = await stageBackup(parts, { names, archive: safety, owner, purpose: "reverting" });
    try {
      await swapTenantData(parts, names, staged);
    } finally {
      await staged.discard();
    }
  } catch (putBackError) {
    parts.logger.error("restore failed and the safety backup could not be put back", {
      safety: safety.location,
      error: messageOf(putBackError),
    });
    return new StorageError(
      "STORAGE.RESTORE_INCOMPLETE",
      `${what}, and putting the safety backup back failed too (${messageOf(putBackError)}): ` +
        `the data may be half-restored; the pre-restore data is in safety backup ${safety.backupId} at ${safety.location}`,
      { retryable: false, cause: error },
    );
  }
  return new StorageError(
    "STORAGE.RESTORE_FAILED",
    `${what}; the instance is back on its pre-restore data (safety backup ${safety.backupId} at ${safety.location})`,
    { retryable: false, cause: error },
  );
}

function restoreRecord(
  parts: StorageParts,
  input: {
    key: string;
    names: StorageNames;
    request: { backup: Backup };
    safety: Backup;
    phase: Phase;
    failure?: StorageError;
  },
): ResourceRecord {
  const { safety } = input;
  return {
    key: input.key,
    service: "storage",
    kind: RESTORE_RECORD_KIND,
    instanceId: input.names.instanceId,
    tenantId: input.names.tenantId,
    state: "created",
    attributes: {
      phase: input.phase,
      restoring: input.request.backup.backupId,
      backupId: safety.backupId,
      takenAt: safety.takenAt,
      location: safety.location,
      sha256: safety.sha256,
      sizeBytes: String(safety.sizeBytes),
      ...(input.failure ? { failure: input.failure.message, failureCode: input.failure.code } : {}),
    },
    updatedAt: parts.clock().toISOString(),
  };
}

function safetyOf(record: ResourceRecord): Backup {
  const { backupId = "", takenAt = "", location = "", sha256 = "", sizeBytes = "0" } = record.attributes;
  return { backupId, takenAt, location, sha256, sizeBytes: Number(sizeBytes) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
