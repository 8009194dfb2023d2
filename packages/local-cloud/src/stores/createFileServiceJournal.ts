import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  emptyJournal,
  JournalConflictError,
  journalRecordKey,
  type ServiceJournal,
  type VersionedJournal,
} from "@bbws/mesh";

/**
 * One JSON file per service and instance (write-then-rename: survives kill -9), for the local stack.
 * Reads and writes are synchronous, so in the one local process a version check and its write
 * cannot interleave with another delivery's.
 */
export function createFileServiceJournal(directory: string): ServiceJournal {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const fileOf = (name: string) => join(directory, `${encodeURIComponent(name)}.json`);

  function readSync(name: string): VersionedJournal {
    try {
      return JSON.parse(readFileSync(fileOf(name), "utf8")) as VersionedJournal;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyJournal();
      throw error;
    }
  }

  return {
    async read(key) {
      return readSync(journalRecordKey(key));
    },
    async write(key, entry, expectedVersion) {
      const name = journalRecordKey(key);
      if (readSync(name).version !== expectedVersion) throw new JournalConflictError(key);
      const file = fileOf(name);
      const stored: VersionedJournal = { entry, version: expectedVersion + 1 };
      writeFileSync(`${file}.tmp`, JSON.stringify(stored), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
  };
}
