import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JournalConflictError, type JournalEntry } from "@bbws/mesh";
import { afterAll, describe, expect, it } from "vitest";
import { createFileServiceJournal } from "./createFileServiceJournal.ts";

// The ServiceJournal contract (packages/mesh/src/decider/serviceJournal.test.ts runs it on the
// memory and DynamoDB journals), on the file journal the local stack uses.
const directory = mkdtempSync(join(tmpdir(), "bbws-journal-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const make = () => createFileServiceJournal(join(directory, randomUUID()));
const key = () => ({ service: "identity", instanceId: `i-${randomUUID()}`, tenantId: "acme" });
const entry = (state: unknown): JournalEntry => ({
  state,
  inbox: { "event-1": { status: "done", at: "2026-01-01T00:00:00.000Z" } },
});

describe("createFileServiceJournal", () => {
  it("reads an empty journal at version 0 for an instance never written", async () => {
    expect(await make().read(key())).toEqual({ entry: { state: undefined, inbox: {} }, version: 0 });
  });

  it("writes version after version and reads back the last, also from a journal opened afresh", async () => {
    const folder = join(directory, randomUUID());
    const k = key();
    const journal = createFileServiceJournal(folder);
    await journal.write(k, entry({ step: 1 }), 0);
    await journal.write(k, entry({ step: 2 }), 1);
    expect(await journal.read(k)).toEqual({ entry: entry({ step: 2 }), version: 2 });
    expect(await createFileServiceJournal(folder).read(k)).toEqual({ entry: entry({ step: 2 }), version: 2 });
  });

  it("refuses a write based on a version someone else has moved on from", async () => {
    const journal = make();
    const k = key();
    await journal.write(k, entry({ by: "first" }), 0);
    await expect(journal.write(k, entry({ by: "second" }), 0)).rejects.toBeInstanceOf(JournalConflictError);
    await journal.write(k, entry({ by: "first again" }), 1);
    await expect(journal.write(k, entry({ by: "late" }), 1)).rejects.toBeInstanceOf(JournalConflictError);
    expect((await journal.read(k)).entry.state).toEqual({ by: "first again" });
  });

  it("lets exactly one of two concurrent first writes win", async () => {
    const journal = make();
    const k = key();
    const results = await Promise.allSettled([
      journal.write(k, entry("a"), 0),
      journal.write(k, entry("b"), 0),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
  });

  it("keeps journals of services and instances apart", async () => {
    const journal = make();
    const k = key();
    await journal.write(k, entry("identity"), 0);
    await journal.write({ ...k, service: "storage" }, entry("storage"), 0);
    expect((await journal.read({ ...k, service: "storage" })).entry.state).toBe("storage");
    expect((await journal.read({ ...k, instanceId: "other" })).version).toBe(0);
  });
});
