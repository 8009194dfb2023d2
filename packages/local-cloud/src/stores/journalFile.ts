import { appendFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { VersionedJournal } from "@bbws/mesh";

/**
 * A service journal's file: one line per version written, each line a whole `VersionedJournal`
 * in JSON and ended by "\n"; the last ended line is the current version. A new version is
 * appended, not renamed over the file: on ext4 a rename that replaces a file flushes the new
 * file's data in the call (auto_da_alloc), ~1 ms of the stack's one thread per write against
 * ~0.1 ms for an append. kill -9 mid-append leaves a line without its "\n", which readers skip,
 * so the file still holds the old version whole. A file is written whole (write-then-rename)
 * when it is new, when its tail is such a torn line, and every COMPACT_AFTER_LINES versions.
 */
export const COMPACT_AFTER_LINES = 32;

export interface JournalFileContent {
  /** The current version, as its JSON text. */
  readonly text: string;
  /** Versions the file holds; a whole rewrite leaves one. */
  readonly lines: number;
  /** False when the file ends in a torn line: appending after it would glue two lines together. */
  readonly appendable: boolean;
}

/** Null when there is no file. A file without "\n" was written whole (by the format before lines). */
export function readJournalFile(file: string): JournalFileContent | null {
  let content: string;
  try {
    content = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const end = content.lastIndexOf("\n");
  if (end === -1) return { text: content, lines: 1, appendable: false };
  const text = content.slice(content.lastIndexOf("\n", end - 1) + 1, end);
  const lines = content.slice(0, end + 1).split("\n").length - 1;
  return { text, lines, appendable: end === content.length - 1 };
}

export function parseJournalText(text: string): VersionedJournal {
  return JSON.parse(text) as VersionedJournal;
}

/** Appends the next version when the file allows it, else writes the file whole. Answers its content after. */
export function writeJournalFile(
  file: string,
  previous: JournalFileContent | null,
  stored: VersionedJournal,
): JournalFileContent {
  const text = JSON.stringify(stored);
  if (previous?.appendable && previous.lines < COMPACT_AFTER_LINES) {
    appendFileSync(file, `${text}\n`);
    return { text, lines: previous.lines + 1, appendable: true };
  }
  writeFileSync(`${file}.tmp`, `${text}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return { text, lines: 1, appendable: true };
}
