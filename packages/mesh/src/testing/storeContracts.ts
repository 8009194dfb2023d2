import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { JournalConflictError, type JournalEntry, type ServiceJournal } from "../decider/serviceJournal.ts";
import type { ResourceRecord, ResourceRecords } from "../resources/resourceRecords.ts";

/**
 * One contract per store port, run against every adapter of it: memory and DynamoDB Local in
 * mesh, files in @bbws/local-cloud. Each `make()` must give a store of its own (or keys of its own).
 */
export function describeServiceJournalContract(name: string, make: () => ServiceJournal): void {
  describe(`ServiceJournal contract: ${name}`, () => {
    const key = () => ({ service: "identity", instanceId: `i-${randomUUID()}`, tenantId: "acme" });

    it("reads an empty journal at version 0 for an instance never written", async () => {
      expect(await make().read(key())).toEqual({ entry: { state: undefined, inbox: {} }, version: 0 });
    });

    it("writes version after version and reads back the last", async () => {
      const journal = make();
      const k = key();
      await journal.write(k, entry({ step: 1 }), 0);
      await journal.write(k, entry({ step: 2 }), 1);
      expect(await journal.read(k)).toEqual({ entry: entry({ step: 2 }), version: 2 });
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
}

const entry = (state: unknown): JournalEntry => ({
  state,
  inbox: { "event-1": { status: "done", at: "2026-01-01T00:00:00.000Z" } },
});

export function describeResourceRecordsContract(name: string, make: () => ResourceRecords): void {
  describe(`ResourceRecords contract: ${name}`, () => {
    it("puts, completes, lists by instance and removes", async () => {
      const records = make();
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
  });
}

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
