import fs from "node:fs";
import path from "node:path";
import type { QueueStore, StoredMessage } from "./queueStore.ts";

// `<sequence>-<messageId>.json`: the zero-padded sequence makes name order equal send order.
const MESSAGE_FILE = /^(\d{12})-[A-Za-z0-9-]+\.json$/;
const TEMPORARY_SUFFIX = ".tmp";

/**
 * A queue store that survives a process kill: one JSON file per message in `dir`, written to a temporary
 * file and renamed into place (atomic), removed when the message is deleted.
 */
export function createFileQueueStore(dir: string): QueueStore {
  fs.mkdirSync(dir, { recursive: true });
  removeTemporaryFiles(dir);
  const files = new Map<string, string>();
  let nextSequence = 0;
  for (const name of messageFileNames(dir)) {
    files.set(messageIdOf(name), name);
    nextSequence = sequenceOf(name) + 1;
  }

  return {
    load: () => messageFileNames(dir).map((name) => readMessage(path.join(dir, name))),
    save: (message) => {
      const name = files.get(message.messageId) ?? fileNameOf(nextSequence++, message.messageId);
      writeAtomically(path.join(dir, name), JSON.stringify(message));
      files.set(message.messageId, name);
    },
    remove: (messageId) => {
      const name = files.get(messageId);
      if (name === undefined) return;
      fs.rmSync(path.join(dir, name), { force: true });
      files.delete(messageId);
    },
  };
}

function messageFileNames(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => MESSAGE_FILE.test(name))
    .sort();
}

function fileNameOf(sequence: number, messageId: string): string {
  if (!/^[A-Za-z0-9-]+$/.test(messageId))
    throw new Error(`message id not usable in a file name: ${messageId}`);
  return `${String(sequence).padStart(12, "0")}-${messageId}.json`;
}

function sequenceOf(name: string): number {
  return Number(name.slice(0, 12));
}

function messageIdOf(name: string): string {
  return name.slice(13, -".json".length);
}

function readMessage(file: string): StoredMessage {
  return JSON.parse(fs.readFileSync(file, "utf8")) as StoredMessage;
}

function writeAtomically(file: string, content: string): void {
  const temporary = `${file}${TEMPORARY_SUFFIX}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

// A kill between write and rename leaves a temporary file; the rename never happened, so the previous
// version of that message (if any) is still in place and the temporary file can go.
function removeTemporaryFiles(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (name.endsWith(TEMPORARY_SUFFIX)) fs.rmSync(path.join(dir, name), { force: true });
  }
}
