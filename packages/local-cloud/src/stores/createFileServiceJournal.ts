import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import {
  emptyJournal,
  JournalConflictError,
  journalRecordKey,
  type ServiceJournal,
  type VersionedJournal,
} from "@bbws/mesh";
import {
  type JournalFileContent,
  parseJournalText,
  readJournalFile,
  writeJournalFile,
} from "./journalFile.ts";

/**
 * One file per service and instance (format and kill -9 safety in journalFile.ts), for the local
 * stack. Reads and writes are synchronous, so in the one local process a version check and its
 * write cannot interleave with another delivery's. One stack owns a data dir, so what this
 * journal last read or wrote is what the file holds: it keeps that in memory and checks versions
 * against it instead of reading the file before every write. After a failed write it forgets the
 * file and reads it again, whatever the failure left there.
 */
export function createFileServiceJournal(directory: string): ServiceJournal {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const fileOf = (name: string) => join(directory, `${encodeURIComponent(name)}.json`);
  const known = new Map<string, JournalFileContent | null>();

  function contentOf(name: string): JournalFileContent | null {
    if (!known.has(name)) known.set(name, readJournalFile(fileOf(name)));
    return known.get(name) ?? null;
  }

  function readSync(name: string): VersionedJournal {
    const content = contentOf(name);
    return content ? parseJournalText(content.text) : emptyJournal();
  }

  return {
    async read(key) {
      return readSync(journalRecordKey(key));
    },
    async write(key, entry, expectedVersion) {
      const name = journalRecordKey(key);
      if (readSync(name).version !== expectedVersion) throw new JournalConflictError(key);
      const stored: VersionedJournal = { entry, version: expectedVersion + 1 };
      try {
        known.set(name, writeJournalFile(fileOf(name), contentOf(name), stored));
      } catch (error) {
        known.delete(name);
        throw error;
      }
    },
  };
}

/**
 * At the local stack's start, before any consumer runs (and before its journal is opened: the
 * journal keeps what it read in memory): the requests a previous run was handling when it died
 * (kill -9, a power cut) are given back, so their redelivery takes over at once instead of
 * waiting out the lease (the consumer's timeout). One stack owns a data dir, so no claim in it
 * belongs to a live delivery. Answers the number of requests given back.
 */
export function releaseAbandonedClaims(directory: string): number {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  let released = 0;
  for (const name of readdirSync(directory)) {
    if (!name.endsWith(".json")) continue;
    const file = join(directory, name);
    const content = readJournalFile(file);
    if (!content) continue;
    const stored = parseJournalText(content.text);
    const inbox = { ...stored.entry.inbox };
    let changed = false;
    for (const [eventId, seen] of Object.entries(inbox)) {
      if (seen.status !== "started" || Date.parse(seen.claimedAt) === 0) continue;
      inbox[eventId] = { ...seen, claimedAt: new Date(0).toISOString() };
      changed = true;
      released += 1;
    }
    if (!changed) continue;
    writeJournalFile(file, content, { entry: { ...stored.entry, inbox }, version: stored.version + 1 });
  }
  return released;
}
