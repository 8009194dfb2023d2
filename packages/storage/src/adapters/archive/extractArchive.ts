import {
  chmod,
  chown,
  type FileHandle,
  lchown,
  lutimes,
  mkdir,
  open,
  symlink,
  utimes,
} from "node:fs/promises";
import { join } from "node:path";
import { CONTENT_PREFIX, DUMP_ENTRY } from "./buildArchive.ts";
import type { TarListing, TarSink, TarVisitor } from "./tarReader.ts";

export interface ArchiveExtractor {
  readonly visit: TarVisitor;
  /** Closes the last file, then gives directories their archived modes and times (deepest first). */
  finish(): Promise<void>;
  /** Closes a file left open by a failure; the caller deletes what was extracted. */
  abort(): Promise<void>;
}

type Owner = { readonly uid: number; readonly gid: number };
interface Written {
  readonly path: string;
  readonly entry: TarListing;
}

/**
 * Extracts `dump.sql` to `dumpFile` and the `content/` tree into `contentDir`
 * (an existing empty directory), with the archived modes and mtimes and, when
 * given, `owner` as every entry's owner (the tenant, whatever the archive says).
 * An entry must sit in a directory this archive created before it, so no name
 * (`..`, absolute, or through a symlink) can write outside `contentDir`.
 */
export function createArchiveExtractor(input: {
  dumpFile: string;
  contentDir: string;
  owner?: Owner;
}): ArchiveExtractor {
  const { owner } = input;
  const createdDirs = new Set<string>([""]);
  const directories: Written[] = [];
  let current: { handle: FileHandle; written: Written } | undefined;

  async function closeCurrent(): Promise<void> {
    if (!current) return;
    const { handle, written } = current;
    current = undefined;
    await handle.close();
    if (written.path === input.dumpFile) return;
    await settle(written.path, written.entry, owner);
  }

  async function startFile(path: string, entry: TarListing): Promise<TarSink> {
    const handle = await open(path, "wx", 0o600);
    current = { handle, written: { path, entry } };
    return async (chunk) => {
      for (let offset = 0; offset < chunk.length; )
        offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
    };
  }

  async function visit(entry: TarListing): Promise<TarSink | undefined> {
    await closeCurrent();
    if (entry.name === DUMP_ENTRY) return startFile(input.dumpFile, entry);
    const relative = contentPathOf(entry.name);
    if (relative === undefined) return undefined;
    const path = relative === "" ? input.contentDir : join(input.contentDir, relative);
    if (entry.type === "directory") {
      if (relative !== "") await mkdir(path, { mode: 0o700 });
      createdDirs.add(relative);
      directories.push({ path, entry });
      return undefined;
    }
    if (relative === "") throw new Error(`archive entry ${entry.name} is not a directory`);
    if (entry.type === "file") return startFile(path, entry);
    if (entry.type === "symlink") {
      await symlink(entry.linkname, path);
      if (owner) await lchown(path, owner.uid, owner.gid);
      await lutimes(path, entry.mtime, entry.mtime);
    }
    return undefined;
  }

  /** `content/a/b` -> `a/b`, `content/` -> ``; undefined for entries outside content; throws on unsafe names. */
  function contentPathOf(name: string): string | undefined {
    if (!name.startsWith(`${CONTENT_PREFIX}/`)) return undefined;
    const relative = name.slice(CONTENT_PREFIX.length + 1).replace(/\/$/, "");
    if (relative === "") return "";
    const segments = relative.split("/");
    if (segments.some((segment) => segment === "" || segment === "." || segment === ".."))
      throw new Error(`unsafe archive entry name ${JSON.stringify(name)}`);
    const parent = segments.slice(0, -1).join("/");
    if (!createdDirs.has(parent))
      throw new Error(`archive entry ${JSON.stringify(name)} is not inside a directory of the archive`);
    return relative;
  }

  return {
    visit,
    async finish() {
      await closeCurrent();
      // Children first: creating an entry changes its directory's mtime, and a 0500 parent would block them.
      for (const { path, entry } of directories.toReversed()) await settle(path, entry, owner);
    },
    async abort() {
      const open = current;
      current = undefined;
      await open?.handle.close().catch(() => undefined);
    },
  };
}

/** Owner first: chown clears setuid/setgid bits, which chmod then puts back. */
async function settle(path: string, entry: TarListing, owner: Owner | undefined): Promise<void> {
  if (owner) await chown(path, owner.uid, owner.gid);
  await chmod(path, entry.mode & 0o7777);
  await utimes(path, entry.mtime, entry.mtime);
}
