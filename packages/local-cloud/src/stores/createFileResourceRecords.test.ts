import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ResourceRecord } from "@bbws/mesh";
import { afterAll, describe, expect, it } from "vitest";
import { createFileResourceRecords } from "./createFileResourceRecords.ts";

// The ResourceRecords contract (packages/mesh/src/resources/resourceRecords.test.ts runs it on
// the memory and DynamoDB records), on the file records the local stack uses.
const directory = mkdtempSync(join(tmpdir(), "bbws-records-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const record = (key: string, instanceId: string): ResourceRecord => ({
  key,
  service: "storage",
  kind: "database",
  instanceId,
  tenantId: "acme",
  state: "intended",
  attributes: { name: "wp_acme" },
  updatedAt: "2026-11-22T10:00:00.000Z",
});

describe("createFileResourceRecords", () => {
  it("puts, completes, lists by instance and removes", async () => {
    const records = createFileResourceRecords(join(directory, randomUUID()));
    await records.put(record("storage/database/wp_acme", "i-1"));
    await records.put(record("storage/user/wp_acme", "i-1"));
    await records.put(record("storage/database/wp_other", "i-2"));
    await records.put({ ...record("storage/database/wp_acme", "i-1"), state: "created" });
    expect((await records.get("storage/database/wp_acme"))?.state).toBe("created");
    expect((await records.listByInstance("i-1")).map((r) => r.key).sort()).toEqual([
      "storage/database/wp_acme",
      "storage/user/wp_acme",
    ]);
    await records.remove("storage/user/wp_acme");
    await records.remove("storage/user/wp_acme");
    expect(await records.get("storage/user/wp_acme")).toBeNull();
    expect(await records.list()).toHaveLength(2);
  });

  it("reads back what an earlier process wrote to the same directory", async () => {
    const folder = join(directory, randomUUID());
    await createFileResourceRecords(folder).put(record("routing/route/tg-acme-dev", "i-3"));
    expect(await createFileResourceRecords(folder).listByInstance("i-3")).toEqual([
      record("routing/route/tg-acme-dev", "i-3"),
    ]);
  });
});
