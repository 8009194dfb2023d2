import { createReadStream } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import type { TarEntry } from "./tarWriter.ts";

/**
 * The tar entries of a directory tree under `prefix`, depth first, names sorted.
 * Symbolic links are stored as links and never followed: a tenant's link to
 * /etc/shadow must not pull that file into the archive. Sockets, FIFOs and
 * devices are skipped. A missing root yields nothing.
 */
export async function* contentEntries(root: string, prefix: string): AsyncGenerator<TarEntry> {
  const top = await lstat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!top?.isDirectory()) return;
  yield* walk(root, prefix);
}

async function* walk(path: string, name: string): AsyncGenerator<TarEntry> {
  const info = await lstat(path);
  const base = { mode: info.mode, uid: info.uid, gid: info.gid, mtime: info.mtime };
  if (info.isDirectory()) {
    yield { ...base, name: `${name}/`, type: "directory", size: 0 };
    const children = (await readdir(path)).sort();
    for (const child of children) yield* walk(join(path, child), `${name}/${child}`);
  } else if (info.isSymbolicLink()) {
    yield { ...base, name, type: "symlink", size: 0, linkname: await readlink(path) };
  } else if (info.isFile()) {
    yield { ...base, name, type: "file", size: info.size, body: () => createReadStream(path) };
  }
}
