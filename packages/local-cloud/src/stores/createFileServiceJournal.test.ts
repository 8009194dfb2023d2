import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeServiceJournalContract } from "@bbws/mesh/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createFileServiceJournal } from "./createFileServiceJournal.ts";

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
});
