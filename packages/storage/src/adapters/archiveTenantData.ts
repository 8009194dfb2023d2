import { rm } from "node:fs/promises";
import type { Archive, InstanceRef } from "@bbws/contracts";
import { StorageError } from "../domain/errors.ts";
import type { StorageNames } from "../domain/storageNames.ts";
import { type BuiltArchive, buildArchive } from "./archive/buildArchive.ts";
import { verifyArchive } from "./archive/verifyArchive.ts";
import type { StorageParts } from "./storageParts.ts";

type ArchiveInput = { names: StorageNames; instance: InstanceRef; objectName: string; takenAt: Date };

/**
 * Dump + content -> tar.gz -> archive store -> read back and verify. Any
 * failure is `STORAGE.ARCHIVE_FAILED`, and the caller drops nothing.
 */
export async function archiveTenantData(parts: StorageParts, input: ArchiveInput): Promise<Archive> {
  try {
    const archive = await storeArchive(parts, input);
    const stored = await parts.archives.open(archive.location);
    const verified = await verifyArchive(stored.body, archive);
    parts.logger.info("archive verified", { ...archive, entries: verified.entries.length });
    return archive;
  } catch (error) {
    throw archiveFailed(input.names, error);
  }
}

/** Dump + content + manifest -> tar.gz in the staging dir -> archive store; the staged file is deleted. */
export async function storeArchive(parts: StorageParts, input: ArchiveInput): Promise<Archive> {
  let built: BuiltArchive | undefined;
  try {
    built = await buildArchive({
      names: input.names,
      database: parts.database,
      contentPath: parts.content.pathOf(input.names),
      stagingDir: parts.stagingDir,
      takenAt: input.takenAt,
    });
    const check = { sha256: built.sha256, sizeBytes: built.sizeBytes };
    const location = await parts.archives.put(built.file, input.objectName, check, input.instance);
    return { location, ...check };
  } finally {
    if (built) await rm(built.file, { force: true });
  }
}

export function archiveFailed(names: StorageNames, error: unknown): StorageError {
  const retryable = error instanceof StorageError ? error.retryable : true;
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(
    "STORAGE.ARCHIVE_FAILED",
    `archive of ${names.tenantId} failed, nothing dropped: ${reason}`,
    { retryable, cause: error },
  );
}
