import { rename, rm } from "node:fs/promises";
import type { StorageNames } from "../domain/storageNames.ts";
import { toContentError } from "./contentErrors.ts";
import type { StagedBackup } from "./stageBackup.ts";
import type { StorageParts } from "./storageParts.ts";

/**
 * Puts a staged backup in place: the database is emptied and reloaded from the
 * dump, then the staged content tree is renamed into place (the old one renamed
 * aside first, deleted last), so the content path holds a complete tree before
 * and after, never a half-copied one.
 */
export async function swapTenantData(
  parts: StorageParts,
  names: StorageNames,
  staged: StagedBackup,
): Promise<void> {
  await parts.database.load(names.databaseName, staged.dumpFile);
  const path = parts.content.pathOf(names);
  const replaced = `${path}.replaced`;
  try {
    await rm(replaced, { recursive: true, force: true });
    const moved = await rename(path, replaced).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    await rename(staged.contentDir, path).catch(async (error: unknown) => {
      if (moved) await rename(replaced, path).catch(() => undefined);
      throw error;
    });
  } catch (error) {
    throw toContentError(error, `swap the restored files into ${path}`);
  }
  // The swap is done: a tree that cannot be deleted is garbage, not a failed restore.
  await rm(replaced, { recursive: true, force: true }).catch((error: unknown) =>
    parts.logger.warn("could not delete the replaced content tree", { path: replaced, error: String(error) }),
  );
}
