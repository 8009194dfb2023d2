import { createReadStream } from "node:fs";
import { chmod, copyFile, mkdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { ArchiveStore } from "../storageParts.ts";

/**
 * Archives as files: `<directory>/{tenantId}/{instanceId}-{timestamp}.tar.gz`,
 * 0600 in 0700 directories (they hold database dumps). Copied under a
 * `.partial` name and renamed, so a half-written archive never has the final name.
 */
export function createLocalArchiveStore(input: { directory: string }): ArchiveStore {
  const root = resolve(input.directory);
  const locationOf = (name: string) => {
    const path = join(root, name);
    if (!path.startsWith(`${root}${sep}`)) throw new Error(`archive name ${name} escapes ${root}`);
    return path;
  };
  return {
    locationOf,
    async put(file, name) {
      const location = locationOf(name);
      const partial = `${location}.partial`;
      await mkdir(dirname(location), { recursive: true, mode: 0o700 });
      try {
        await copyFile(file, partial);
        await chmod(partial, 0o600);
        await rename(partial, location);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
      return location;
    },
    async open(location) {
      const path = resolve(location);
      if (!path.startsWith(`${root}${sep}`)) throw new Error(`archive ${location} is not in ${root}`);
      const { size } = await stat(path);
      return { body: createReadStream(path), sizeBytes: size };
    },
  };
}
