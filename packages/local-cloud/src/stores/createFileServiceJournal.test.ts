import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeServiceJournalContract } from "@bbws/mesh/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createFileServiceJournal, releaseAbandonedClaims } from "./createFileServiceJournal.ts";

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

    expect(releaseAbandonedClaims(folder)).toBe(1);
    expect(await journal.read(crashed)).toEqual({
      entry: {
        state: { ran: 1 },
        inbox: { e1: { status: "started", claimedAt: new Date(0).toISOString(), emitted: ["ComputeReady"] } },
      },
      version: 2,
    });
    expect(await journal.read(finished)).toEqual({ entry: done, version: 1 });
    expect(releaseAbandonedClaims(folder)).toBe(0);
  });
});
