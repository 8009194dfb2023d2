import { rm } from "node:fs/promises";
import type { Archive, InstanceRef } from "@bbws/contracts";
import { StorageError } from "../domain/errors.ts";
import type { StorageNames } from "../domain/storageNames.ts";
import { type BuiltArchive, buildArchive } from "./archive/buildArchive.ts";
import { verifyArchive } from "./archive/verifyArchive.ts";
import type { StorageParts } from "./storageParts.ts";

/**
 * Dump + content -> tar.gz -> archive store -> read back and verify. Any
 * failure is `STORAGE.ARCHIVE_FAILED`, and the caller drops nothing.
 */
export async function archiveTenantData(
  parts: StorageParts,
  input: { names: StorageNames; instance: InstanceRef; objectName: string; takenAt: Date },
): Promise<Archive> {
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
    const stored = await parts.archives.open(location);
    const verified = await verifyArchive(stored.body, check);
    parts.logger.info("archive verified", { location, ...check, entries: verified.entries.length });
    return { location, ...check };
  } catch (error) {
    const retryable = error instanceof StorageError ? error.retryable : true;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(
      "STORAGE.ARCHIVE_FAILED",
      `archive of ${input.names.tenantId} failed, nothing dropped: ${reason}`,
      {
        retryable,
        cause: error,
      },
    );
  } finally {
    if (built) await rm(built.file, { force: true });
  }
}
