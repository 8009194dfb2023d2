import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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

/**
 * At the local stack's start, before any consumer runs: the requests a previous run was handling
 * when it died (kill -9, a power cut) are given back, so their redelivery takes over at once
 * instead of waiting out the lease (the consumer's timeout). One stack owns a data dir, so no
 * claim in it belongs to a live delivery. Answers the number of requests given back.
 */
export function releaseAbandonedClaims(directory: string): number {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  let released = 0;
  for (const name of readdirSync(directory)) {
    if (!name.endsWith(".json")) continue;
    const file = join(directory, name);
    const stored = JSON.parse(readFileSync(file, "utf8")) as VersionedJournal;
    const inbox = { ...stored.entry.inbox };
    let changed = false;
    for (const [eventId, seen] of Object.entries(inbox)) {
      if (seen.status !== "started" || Date.parse(seen.claimedAt) === 0) continue;
      inbox[eventId] = { ...seen, claimedAt: new Date(0).toISOString() };
      changed = true;
      released += 1;
    }
    if (!changed) continue;
    const next: VersionedJournal = { entry: { ...stored.entry, inbox }, version: stored.version + 1 };
    writeFileSync(`${file}.tmp`, JSON.stringify(next), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
  return released;
}
