import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JournalConflictError, journalRecordKey } from "@bbws/mesh";
import { describeServiceJournalContract } from "@bbws/mesh/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createFileServiceJournal, releaseAbandonedClaims } from "./createFileServiceJournal.ts";
import { COMPACT_AFTER_LINES } from "./journalFile.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-journal-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeServiceJournalContract("file", () => createFileServiceJournal(join(directory, randomUUID())));

describe("createFileServiceJournal", () => {
  it("reads back what an earlier process wrote to the same directory", async () => {
    const folder = join(directory, randomUUID());
    const key = { service: "identity", instanceId: `i-${randomUUID()}`, tenantId: "acme" };
    const entry = { state: { step: 1 }, inbox: {} };
    await createFileServiceJournal(folder).write(key, entry, 0);
    expect(await createFileServiceJournal(folder).read(key)).toEqual({ entry, version: 1 });
  });

  it("gives back, at start, the requests a dead run was handling, and nothing else", async () => {
    const folder = join(directory, randomUUID());
    const journal = createFileServiceJournal(folder);
    const crashed = { service: "compute", instanceId: `i-${randomUUID()}`, tenantId: "acme" };
    const finished = { service: "compute", instanceId: `i-${randomUUID()}`, tenantId: "beta" };
    const claimedAt = new Date().toISOString();
    await journal.write(
      crashed,
      { state: { ran: 1 }, inbox: { e1: { status: "started", claimedAt, emitted: ["ComputeReady"] } } },
      0,
    );
    const done = { state: {}, inbox: { e2: { status: "done" as const, at: claimedAt } } };
    await journal.write(finished, done, 0);

    // As at a stack's start: the claims are released, then the next run opens the journal.
    expect(releaseAbandonedClaims(folder)).toBe(1);
    const nextRun = createFileServiceJournal(folder);
    expect(await nextRun.read(crashed)).toEqual({
      entry: {
        state: { ran: 1 },
        inbox: { e1: { status: "started", claimedAt: new Date(0).toISOString(), emitted: ["ComputeReady"] } },
      },
      version: 2,
    });
    expect(await nextRun.read(finished)).toEqual({ entry: done, version: 1 });
    expect(releaseAbandonedClaims(folder)).toBe(0);
  });
});

describe("createFileServiceJournal on disk", () => {
  const keyIn = (folder: string) => {
    const key = { service: "storage", instanceId: `i-${randomUUID()}`, tenantId: "acme" };
    return { key, file: join(folder, `${encodeURIComponent(journalRecordKey(key))}.json`) };
  };
  const entryOf = (step: number) => ({ state: { step }, inbox: {} });

  it("keeps the old version whole when a process dies mid-append, and writes on after it", async () => {
    const folder = join(directory, randomUUID());
    const { key, file } = keyIn(folder);
    const journal = createFileServiceJournal(folder);
    await journal.write(key, entryOf(1), 0);
    await journal.write(key, entryOf(2), 1);
    // kill -9 in the middle of writing version 3: part of its line, no "\n".
    appendFileSync(file, JSON.stringify({ entry: entryOf(3), version: 3 }).slice(0, 20));

    const nextRun = createFileServiceJournal(folder);
    expect(await nextRun.read(key)).toEqual({ entry: entryOf(2), version: 2 });
    await nextRun.write(key, entryOf(3), 2);
    expect(readFileSync(file, "utf8").endsWith("\n")).toBe(true);
    expect(await createFileServiceJournal(folder).read(key)).toEqual({ entry: entryOf(3), version: 3 });
  });

  it("still refuses a stale version when it checks against memory instead of the file", async () => {
    const folder = join(directory, randomUUID());
    const { key } = keyIn(folder);
    const journal = createFileServiceJournal(folder);
    await journal.write(key, entryOf(1), 0);
    await journal.write(key, entryOf(2), 1);
    await expect(journal.write(key, entryOf(9), 1)).rejects.toBeInstanceOf(JournalConflictError);
    await expect(journal.write(key, entryOf(9), 0)).rejects.toBeInstanceOf(JournalConflictError);
    expect(await createFileServiceJournal(folder).read(key)).toEqual({ entry: entryOf(2), version: 2 });
  });

  it("reads the file again after a failed write instead of trusting what it held", async () => {
    const folder = join(directory, randomUUID());
    const { key, file } = keyIn(folder);
    const journal = createFileServiceJournal(folder);
    await journal.write(key, entryOf(1), 0);
    rmSync(file);
    mkdirSync(file); // the next append fails (EISDIR)
    await expect(journal.write(key, entryOf(2), 1)).rejects.toThrow();
    rmSync(file, { recursive: true });

    expect(await journal.read(key)).toEqual({ entry: { state: undefined, inbox: {} }, version: 0 });
    await journal.write(key, entryOf(5), 0);
    expect(await createFileServiceJournal(folder).read(key)).toEqual({ entry: entryOf(5), version: 1 });
  });

  it("rewrites the file whole every so often, so it holds a bounded number of versions", async () => {
    const folder = join(directory, randomUUID());
    const { key, file } = keyIn(folder);
    const journal = createFileServiceJournal(folder);
    const writes = COMPACT_AFTER_LINES * 2 + 5;
    for (let version = 0; version < writes; version++) await journal.write(key, entryOf(version), version);

    const lines = readFileSync(file, "utf8").split("\n").length - 1;
    expect(lines).toBeLessThanOrEqual(COMPACT_AFTER_LINES);
    expect(await createFileServiceJournal(folder).read(key)).toEqual({
      entry: entryOf(writes - 1),
      version: writes,
    });
  });

  it("reads a file written whole by the format before lines (no trailing newline)", async () => {
    const folder = join(directory, randomUUID());
    const { key, file } = keyIn(folder);
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, JSON.stringify({ entry: entryOf(7), version: 4 }));
    const journal = createFileServiceJournal(folder);
    expect(await journal.read(key)).toEqual({ entry: entryOf(7), version: 4 });
    await journal.write(key, entryOf(8), 4);
    expect(await createFileServiceJournal(folder).read(key)).toEqual({ entry: entryOf(8), version: 5 });
  });
});
