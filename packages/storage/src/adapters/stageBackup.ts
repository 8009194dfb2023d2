import { randomUUID } from "node:crypto";
import { chmod, chown, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Archive } from "@bbws/contracts";
import type { StorageNames } from "../domain/storageNames.ts";
import { CONTENT_PREFIX } from "./archive/buildArchive.ts";
import { type ArchiveExtractor, createArchiveExtractor } from "./archive/extractArchive.ts";
import type { TarVisitor } from "./archive/tarReader.ts";
import { toContentError } from "./contentErrors.ts";
import { readBackup } from "./readBackup.ts";
import type { StorageParts } from "./storageParts.ts";

export interface StagedBackup {
  readonly dumpFile: string;
  /** The content tree, beside the content area (same file system): renamed into place by the swap. */
  readonly contentDir: string;
  /** Deletes whatever of it is still staged; safe to call again. */
  discard(): Promise<void>;
}

/**
 * Reads a backup from the archive store ONCE, verifying it (sha256, size, tar
 * headers, dump checksum, manifest) while extracting `dump.sql` into the
 * staging dir and `content/` into `<content path>.restoring`. Until it returns,
 * nothing of the tenant's data has changed; a missing, corrupt or foreign
 * backup is `STORAGE.BACKUP_INVALID` and leaves nothing staged.
 */
export async function stageBackup(
  parts: StorageParts,
  input: {
    names: StorageNames;
    archive: Archive;
    owner: { uid: number; gid: number } | undefined;
  },
): Promise<StagedBackup> {
  const { names, archive } = input;
  const dumpFile = join(parts.stagingDir, `${randomUUID()}.sql`);
  const contentDir = `${parts.content.pathOf(names)}.restoring`;
  const discard = async () => {
    await rm(dumpFile, { force: true });
    await rm(contentDir, { recursive: true, force: true });
  };
  const extractor = createArchiveExtractor({
    dumpFile,
    contentDir,
    ...(input.owner ? { owner: input.owner } : {}),
  });
  try {
    try {
      await mkdir(parts.stagingDir, { recursive: true, mode: 0o700 });
      // On EFS, `tenants/` exists only once some access point was mounted; 0711 as locally.
      await mkdir(dirname(contentDir), { recursive: true, mode: 0o711 });
      // A directory left by a crashed attempt is stale: start from an empty one.
      await rm(contentDir, { recursive: true, force: true });
      await mkdir(contentDir, { mode: 0o700 });
    } catch (error) {
      throw toContentError(error, `prepare ${contentDir}`);
    }
    const verified = await readBackup(parts, {
      names,
      archive,
      alsoVisit: asContentErrors(extractor.visit),
    });
    const hasRoot = verified.entries.some((entry) => entry.name === `${CONTENT_PREFIX}/`);
    await finishExtraction(extractor, { contentDir, owner: input.owner, hasRoot });
    return { dumpFile, contentDir, discard };
  } catch (error) {
    await extractor.abort();
    await discard();
    throw error;
  }
}

/** A backup of a tenant that had no files yet restores an empty area like the one ensure makes (0750). */
async function finishExtraction(
  extractor: ArchiveExtractor,
  input: { contentDir: string; owner: { uid: number; gid: number } | undefined; hasRoot: boolean },
): Promise<void> {
  try {
    await extractor.finish();
    if (input.hasRoot) return;
    if (input.owner) await chown(input.contentDir, input.owner.uid, input.owner.gid);
    await chmod(input.contentDir, 0o750);
  } catch (error) {
    throw toContentError(error, `extract into ${input.contentDir}`);
  }
}

/** File-system failures while extracting are ours (CONTENT_FAILED); other throws mean a bad archive. */
function asContentErrors(visit: TarVisitor): TarVisitor {
  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      throw typeof code === "string" ? toContentError(error, "extract the backup") : error;
    }
  };
  return (entry) =>
    wrap(async () => {
      const sink = await visit(entry);
      return sink && ((chunk) => wrap(async () => sink(chunk)));
    });
}
