import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BusEvent } from "@bbws/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { createFileEventArchive } from "./fileEventArchive.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function archiveFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bbws-archive-"));
  dirs.push(dir);
  return path.join(dir, "events", "archive.jsonl");
}

const created: BusEvent = {
  source: "bbws.tenant-management",
  "detail-type": "TenantCreated",
  detail: { n: 1 },
};
const requested: BusEvent = { source: "bbws.api", "detail-type": "InstanceRequested", detail: { n: 2 } };

describe("createFileEventArchive", () => {
  it("appends JSON Lines that a new archive over the same file reads back", () => {
    const file = archiveFile();
    createFileEventArchive(file).append(created, Date.parse("2026-11-22T10:00:00.000Z"));
    createFileEventArchive(file).append(requested, Date.parse("2026-11-22T10:00:01.000Z"));

    expect(fs.readFileSync(file, "utf8").split("\n")[0]).toBe(
      JSON.stringify({ at: "2026-11-22T10:00:00.000Z", event: created }),
    );
    expect(createFileEventArchive(file).read()).toEqual([
      { at: Date.parse("2026-11-22T10:00:00.000Z"), event: created },
      { at: Date.parse("2026-11-22T10:00:01.000Z"), event: requested },
    ]);
  });

  it("cuts a torn last line left by a kill mid-append", () => {
    const file = archiveFile();
    createFileEventArchive(file).append(created, 0);
    fs.appendFileSync(file, '{"at":"2026-');

    const archive = createFileEventArchive(file);
    archive.append(requested, 1);
    expect(archive.read().map((entry) => entry.event)).toEqual([created, requested]);
  });

  it("reads nothing before the first append", () => {
    expect(createFileEventArchive(archiveFile()).read()).toEqual([]);
  });
});
