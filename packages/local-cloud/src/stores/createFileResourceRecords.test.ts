import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResourceRecord } from "@bbws/mesh";
import { describeResourceRecordsContract } from "@bbws/mesh/testing";
import { afterAll, describe, expect, it } from "vitest";
import { createFileResourceRecords } from "./createFileResourceRecords.ts";

const directory = mkdtempSync(join(tmpdir(), "bbws-records-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describeResourceRecordsContract("file", () => createFileResourceRecords(join(directory, randomUUID())));

const record = (key: string, instanceId: string): ResourceRecord => ({
  key,
  service: "routing",
  kind: "route",
  instanceId,
  tenantId: "acme",
  state: "created",
  attributes: { name: "tg-acme-dev" },
  updatedAt: "2026-11-22T10:00:00.000Z",
});

describe("createFileResourceRecords", () => {
  it("reads back what an earlier process wrote to the same directory", async () => {
    const folder = join(directory, randomUUID());
    await createFileResourceRecords(folder).put(record("routing/route/tg-acme-dev", "i-3"));
    expect(await createFileResourceRecords(folder).listByInstance("i-3")).toEqual([
      record("routing/route/tg-acme-dev", "i-3"),
    ]);
  });
});
