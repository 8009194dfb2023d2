import type { Archive } from "@bbws/contracts";
import { StorageError } from "../domain/errors.ts";
import type { StorageNames } from "../domain/storageNames.ts";
import type { TarVisitor } from "./archive/tarReader.ts";
import { type VerifiedArchive, verifyArchive } from "./archive/verifyArchive.ts";
import type { StorageParts } from "./storageParts.ts";

/** A stream cut by the network is worth another delivery; anything else about the backup is not. */
const TRANSIENT_READ = new Set(["ECONNRESET", "ETIMEDOUT", "EPIPE", "ECONNABORTED"]);

/**
 * Reads a backup from the archive store once and verifies it like a fresh archive (sha256, size,
 * tar headers, dump checksum, manifest), which must be this instance's. `alsoVisit` sees the
 * entries in the same pass (a restore extracts while it verifies). Missing, corrupt or foreign:
 * `STORAGE.BACKUP_INVALID`; a throttled or cut read stays retryable.
 */
export async function readBackup(
  parts: StorageParts,
  input: { names: StorageNames; archive: Archive; alsoVisit?: TarVisitor },
): Promise<VerifiedArchive> {
  const { names, archive } = input;
  const opened = await parts.archives.open(archive.location).catch((error: unknown) => {
    if (error instanceof StorageError && error.retryable) throw error;
    throw invalidBackup(archive, "it cannot be read", error);
  });
  const verified = await verifyArchive(opened.body, archive, input.alsoVisit).catch((error: unknown) => {
    if (error instanceof StorageError) throw error;
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === "string" && TRANSIENT_READ.has(code))
      throw new StorageError("STORAGE.CLOUD_UNAVAILABLE", `reading ${archive.location}: ${code}`, {
        retryable: true,
        cause: error,
      });
    throw invalidBackup(archive, "it does not verify", error);
  });
  const { tenantId, instanceId } = verified.manifest;
  if (tenantId !== names.tenantId || instanceId !== names.instanceId)
    throw invalidBackup(archive, `it holds tenant ${tenantId}'s instance ${instanceId}`);
  return verified;
}

function invalidBackup(archive: Archive, why: string, cause?: unknown): StorageError {
  const detail = cause instanceof Error ? `: ${cause.message}` : "";
  return new StorageError(
    "STORAGE.BACKUP_INVALID",
    `backup ${archive.location} cannot be restored, ${why}${detail}; nothing was changed`,
    { retryable: false, cause },
  );
}
