import fs from "node:fs";
import path from "node:path";
import { type ArchivedEvent, createEventArchive, type EventArchive } from "./eventArchive.ts";

interface ArchiveLine {
  readonly at: string;
  readonly event: ArchivedEvent["event"];
}

/** An append-only JSON Lines archive: one `{ "at": <ISO time>, "event": <BusEvent> }` per line. */
export function createFileEventArchive(file: string): EventArchive {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  dropTornTail(file);
  return createEventArchive({
    add: ({ at, event }) => {
      const line: ArchiveLine = { at: new Date(at).toISOString(), event };
      fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
    },
    load: () => readLines(file).map(toArchivedEvent),
  });
}

function readLines(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.length > 0);
}

function toArchivedEvent(text: string): ArchivedEvent {
  const line = JSON.parse(text) as ArchiveLine;
  return { at: Date.parse(line.at), event: line.event };
}

// A kill during an append can leave a partial last line; cut it so the next append starts a clean line.
function dropTornTail(file: string): void {
  if (!fs.existsSync(file)) return;
  const content = fs.readFileSync(file);
  const end = content.lastIndexOf("\n") + 1;
  if (end < content.length) fs.truncateSync(file, end);
}
