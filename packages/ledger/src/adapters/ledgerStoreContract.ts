import { instanceIdOf } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import {
  DuplicateEventError,
  InvalidCursorError,
  TenantSlotTakenError,
  VersionConflictError,
} from "../domain/errors.ts";
import type { InstanceRecord, OperationRecord } from "../domain/instance.ts";
import type { LedgerStore } from "../ports.ts";
import { sampleEvent, sampleRecord, sampleSpec } from "../testing/sampleRecords.ts";

/** The behaviour every LedgerStore adapter must have; run against each adapter. */
export function describeLedgerStoreContract(
  adapter: string,
  makeStore: () => Promise<LedgerStore> | LedgerStore,
) {
  describe(`LedgerStore contract: ${adapter}`, () => {
    const uniqueTenant = () => `t${Math.random().toString(36).slice(2, 12)}`;
    const fresh = () => {
      const tenantId = uniqueTenant();
      return sampleRecord({ tenantId, spec: sampleSpec({ tenantId }) });
    };

    it("creates at version 1 and reads back the same record", async () => {
      const store = await makeStore();
      const record = fresh();
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" });
      expect(await store.get(record.instanceId)).toEqual({ record, version: 1 });
      expect(await store.get("00000000-0000-4000-8000-000000000000")).toBeNull();
    });

    it("keeps what it holds when a caller changes what it read or what it wrote", async () => {
      const store = await makeStore();
      const record = fresh();
      const written = structuredClone(record);
      await store.commit({ record: written, expectedVersion: 0, log: [], outbox: [] });
      written.spec.wordpress.version = "0.0.0";
      const read = await store.get(record.instanceId);
      const page = await store.list({ tenantId: record.tenantId, limit: 1 });
      // An adapter may hand out copies or frozen records: either way the store stays as written.
      const tryToChange = (change: () => void) => {
        try {
          change();
        } catch {}
      };
      tryToChange(() => {
        if (read) read.record.spec.wordpress.version = "9.9.9";
      });
      tryToChange(() => {
        const first = page.items[0];
        if (first) (first as { state: string }).state = "FAILED";
      });
      expect(await store.get(record.instanceId)).toEqual({ record, version: 1 });
      expect((await store.list({ tenantId: record.tenantId, limit: 1 })).items).toEqual([record]);
    });

    it("moves its write count (where it keeps one) on every commit, before any later read, and only then", async () => {
      const store = await makeStore();
      if (!store.writeCount) return;
      const record = fresh();
      const start = store.writeCount();
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" });
      const afterCreate = store.writeCount();
      expect(afterCreate).not.toBe(start);
      await store.get(record.instanceId);
      await store.list({ limit: 10 });
      expect(store.writeCount()).toBe(afterCreate);
      await expect(store.commit({ record, expectedVersion: 0, log: [], outbox: [] })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect(store.writeCount()).toBe(afterCreate);
      const commit = store.commit({
        record: { ...record, state: "ACTIVE" },
        expectedVersion: 1,
        log: [],
        outbox: [],
      });
      expect(store.writeCount()).not.toBe(afterCreate);
      await commit;
      expect((await store.list({ tenantId: record.tenantId, limit: 1 })).items[0]?.state).toBe("ACTIVE");
    });

    it("refuses a stale version with VersionConflictError", async () => {
      const store = await makeStore();
      const record = fresh();
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      await store.commit({
        record: { ...record, state: "PROVISIONING" },
        expectedVersion: 1,
        log: [],
        outbox: [],
      });
      await expect(
        store.commit({ record: { ...record, state: "ACTIVE" }, expectedVersion: 1, log: [], outbox: [] }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      await expect(store.commit({ record, expectedVersion: 0, log: [], outbox: [] })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      expect((await store.get(record.instanceId))?.record.state).toBe("PROVISIONING");
    });

    it("refuses an event processed before with DuplicateEventError and writes nothing", async () => {
      const store = await makeStore();
      const record = fresh();
      const event = sampleEvent(record);
      await store.commit({
        record,
        expectedVersion: 0,
        inboxEventId: event.detail.meta.eventId,
        log: [event],
        outbox: [],
      });
      const second = { ...record, state: "PROVISIONING" as const };
      await expect(
        store.commit({
          record: second,
          expectedVersion: 1,
          inboxEventId: event.detail.meta.eventId,
          log: [event],
          outbox: [event],
        }),
      ).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.get(record.instanceId)).toMatchObject({
        version: 1,
        record: { state: "PENDING_PROVISIONING" },
      });
      expect(await store.events(record.instanceId)).toHaveLength(1);
    });

    it("refuses an event redelivered to an instance after later commits, and writes nothing", async () => {
      const store = await makeStore();
      const record = fresh();
      const event = sampleEvent(record, "2026-11-22T10:00:01.000Z");
      const emitted = sampleEvent(record, "2026-11-22T10:00:02.000Z");
      const eventId = event.detail.meta.eventId;
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      const provisioning = { ...record, state: "PROVISIONING" as const };
      await store.commit({
        record: provisioning,
        expectedVersion: 1,
        inboxEventId: eventId,
        log: [event],
        outbox: [],
      });
      const active = { ...record, state: "ACTIVE" as const };
      await store.commit({ record: active, expectedVersion: 2, log: [], outbox: [] });
      const again = store.commit({
        record: { ...active, state: "SUSPENDED" },
        expectedVersion: 3,
        inboxEventId: eventId,
        log: [event, emitted],
        outbox: [emitted],
      });
      await expect(again).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.get(record.instanceId)).toMatchObject({ version: 3, record: { state: "ACTIVE" } });
      expect((await store.events(record.instanceId)).map((entry) => entry.event)).toEqual([event]);
      const pending = await store.pendingOutbox(1_000);
      expect(pending.filter((entry) => entry.eventId === emitted.detail.meta.eventId)).toEqual([]);
    });

    it("holds one live instance per tenant and environment, freed when it ends", async () => {
      const store = await makeStore();
      const first = fresh();
      const second = { ...fresh(), tenantId: first.tenantId, spec: first.spec };
      await store.commit({ record: first, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" });
      expect(await store.findLiveInstanceId(first.tenantId, "dev")).toBe(first.instanceId);
      await expect(
        store.commit({ record: second, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" }),
      ).rejects.toBeInstanceOf(TenantSlotTakenError);
      expect(await store.get(second.instanceId)).toBeNull();
      await store.commit({
        record: { ...first, state: "FAILED" },
        expectedVersion: 1,
        log: [],
        outbox: [],
        tenantSlot: "free",
      });
      expect(await store.findLiveInstanceId(first.tenantId, "dev")).toBeNull();
      await store.commit({ record: second, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" });
      expect(await store.findLiveInstanceId(first.tenantId, "dev")).toBe(second.instanceId);
    });

    it("writes the log and the outbox with the state, and publishes each outbox entry once", async () => {
      const store = await makeStore();
      const record = fresh();
      const incoming = sampleEvent(record, "2026-11-22T10:00:01.000Z");
      const emitted = sampleEvent(record, "2026-11-22T10:00:02.000Z");
      await store.commit({ record, expectedVersion: 0, log: [incoming, emitted], outbox: [emitted] });
      const log = await store.events(record.instanceId);
      expect(log.map((entry) => entry.event.detail.meta.eventId)).toEqual([
        incoming.detail.meta.eventId,
        emitted.detail.meta.eventId,
      ]);
      const pending = (await store.pendingOutbox(100)).filter(
        (entry) => instanceIdOf(entry.event) === record.instanceId,
      );
      expect(pending).toEqual([{ eventId: emitted.detail.meta.eventId, event: emitted }]);
      await store.markPublished([emitted.detail.meta.eventId]);
      const after = (await store.pendingOutbox(100)).filter(
        (entry) => entry.eventId === emitted.detail.meta.eventId,
      );
      expect(after).toEqual([]);
    });

    it("finds operations by id, including finished ones", async () => {
      const store = await makeStore();
      const record = fresh();
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      const firstOperation = record.operation;
      const next = {
        ...record,
        operation: { ...firstOperation, operationId: crypto.randomUUID(), kind: "suspend" as const },
      };
      await store.commit({ record: next, expectedVersion: 1, log: [], outbox: [] });
      expect(await store.getOperation(firstOperation.operationId)).toEqual({
        ...firstOperation,
        instanceId: record.instanceId,
      });
      expect(await store.getOperation(next.operation.operationId)).toMatchObject({
        kind: "suspend",
        instanceId: record.instanceId,
      });
      expect(await store.getOperation("00000000-0000-4000-8000-000000000000")).toBeNull();
    });

    it("keeps the operation right across commits that leave it as it was, and rewrites it when it changes", async () => {
      const store = await makeStore();
      const created = fresh();
      const operationId = created.operation.operationId;
      let version = 0;
      let previous: InstanceRecord | null = null;
      const commit = async (record: InstanceRecord) => {
        await store.commit({ record, expectedVersion: version, previous, log: [], outbox: [] });
        version += 1;
        previous = (await store.get(record.instanceId))?.record ?? null;
      };
      const stored = (operation: OperationRecord) => ({ ...operation, instanceId: created.instanceId });
      await commit(created);
      await commit({ ...created, state: "PROVISIONING" });
      await commit({ ...created, state: "PROVISIONING", updatedAt: "2026-11-22T10:00:09.000Z" });
      expect(await store.getOperation(operationId)).toEqual(stored(created.operation));
      const inProgress = { ...created.operation, status: "IN_PROGRESS" as const };
      await commit({ ...created, state: "PROVISIONING", operation: inProgress });
      expect(await store.getOperation(operationId)).toEqual(stored(inProgress));
      await commit({ ...created, state: "PROVISIONING", operation: { ...inProgress } });
      const done = { ...inProgress, status: "COMPLETED" as const, finishedAt: "2026-11-22T10:00:10.000Z" };
      await commit({ ...created, state: "ACTIVE", operation: done });
      expect(await store.getOperation(operationId)).toEqual(stored(done));
      expect((await store.get(created.instanceId))?.version).toBe(6);
    });

    it("writes no operation of a commit refused for its version, even one that changes it", async () => {
      const store = await makeStore();
      const record = fresh();
      await store.commit({ record, expectedVersion: 0, previous: null, log: [], outbox: [] });
      const failed = { ...record, operation: { ...record.operation, status: "FAILED" as const } };
      await store.commit({ record: failed, expectedVersion: 1, previous: record, log: [], outbox: [] });
      const late = { ...record, operation: { ...record.operation, status: "IN_PROGRESS" as const } };
      const stale = store.commit({ record: late, expectedVersion: 1, previous: record, log: [], outbox: [] });
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.getOperation(record.operation.operationId)).toEqual({
        ...failed.operation,
        instanceId: record.instanceId,
      });
    });

    it("lists by tenant and by state, page by page", async () => {
      const store = await makeStore();
      const tenantId = uniqueTenant();
      const records = [0, 1, 2].map((index) => ({
        ...sampleRecord({
          tenantId,
          spec: sampleSpec({ tenantId, environment: (["dev", "sit", "prod"] as const)[index] ?? "dev" }),
        }),
        environment: (["dev", "sit", "prod"] as const)[index] ?? "dev",
        createdAt: `2026-11-22T10:00:0${index}.000Z`,
        state: index === 2 ? ("ACTIVE" as const) : ("PROVISIONING" as const),
      }));
      for (const record of records) await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      const first = await store.list({ tenantId, limit: 2 });
      expect(first.items.map((item) => item.instanceId)).toEqual(
        records.slice(0, 2).map((record) => record.instanceId),
      );
      expect(first.nextStartAt).toBeDefined();
      const second = await store.list({ tenantId, limit: 2, startAt: first.nextStartAt });
      expect(second.items.map((item) => item.instanceId)).toEqual([records[2]?.instanceId]);
      expect(second.nextStartAt).toBeUndefined();
      const active = await store.list({ tenantId, state: "ACTIVE", limit: 10 });
      expect(active.items.map((item) => item.instanceId)).toEqual([records[2]?.instanceId]);
      const bySit = await store.list({ tenantId, environment: "sit", limit: 10 });
      expect(bySit.items.map((item) => item.instanceId)).toEqual([records[1]?.instanceId]);
      const byState = await store.list({ state: "ACTIVE", limit: 1000 });
      expect(byState.items.map((item) => item.instanceId)).toContain(records[2]?.instanceId);
      const byTenantStart = await store.list({ search: tenantId.slice(0, -1), limit: 1000 });
      expect(byTenantStart.items.map((item) => item.instanceId)).toEqual(records.map((r) => r.instanceId));
      expect((await store.list({ search: tenantId.slice(1), limit: 1000 })).items).toEqual([]);
      const byIdStart = await store.list({ search: records[1]?.instanceId.slice(0, 13) ?? "", limit: 1000 });
      expect(byIdStart.items.map((item) => item.instanceId)).toEqual([records[1]?.instanceId]);
      const searchedActive = await store.list({ state: "ACTIVE", search: tenantId, limit: 1000 });
      expect(searchedActive.items.map((item) => item.instanceId)).toEqual([records[2]?.instanceId]);
      expect((await store.list({ search: `${tenantId}-none`, limit: 10 })).items).toEqual([]);
    });

    it("refuses a cursor it did not issue", async () => {
      const store = await makeStore();
      await expect(store.list({ limit: 1, startAt: "not-a-cursor!" })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it("lists instances whose open operation is overdue, but not STUCK or finished ones", async () => {
      const store = await makeStore();
      const overdue = fresh();
      const stuck = { ...fresh(), operation: { ...fresh().operation, status: "STUCK" as const } };
      const done = { ...fresh(), operation: { ...fresh().operation, status: "COMPLETED" as const } };
      const later = {
        ...fresh(),
        operation: { ...fresh().operation, deadlineAt: "2026-11-22T11:00:00.000Z" },
      };
      for (const record of [overdue, stuck, done, later])
        await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      const ids = await store.listOverdue("2026-11-22T10:30:00.000Z", 1000);
      expect(ids).toContain(overdue.instanceId);
      expect(ids).not.toContain(stuck.instanceId);
      expect(ids).not.toContain(done.instanceId);
      expect(ids).not.toContain(later.instanceId);
    });

    it("drops an instance from the overdue list once its operation finishes, and honours the limit", async () => {
      const store = await makeStore();
      const first = fresh();
      const second = fresh();
      for (const record of [first, second])
        await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      expect(await store.listOverdue("2026-11-22T10:30:00.000Z", 1)).toHaveLength(1);
      const finished = { ...first, operation: { ...first.operation, status: "COMPLETED" as const } };
      await store.commit({ record: finished, expectedVersion: 1, log: [], outbox: [] });
      const ids = await store.listOverdue("2026-11-22T10:30:00.000Z", 1000);
      expect(ids).not.toContain(first.instanceId);
      expect(ids).toContain(second.instanceId);
    });

    it("writes nothing of a refused commit: no log, no outbox, no operation", async () => {
      const store = await makeStore();
      const record = fresh();
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      const event = sampleEvent(record);
      const next = { ...record, operation: { ...record.operation, operationId: crypto.randomUUID() } };
      await expect(
        store.commit({ record: next, expectedVersion: 0, log: [event], outbox: [event] }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await store.events(record.instanceId)).toEqual([]);
      expect((await store.pendingOutbox(1000)).map((entry) => entry.eventId)).not.toContain(
        event.detail.meta.eventId,
      );
      expect(await store.getOperation(next.operation.operationId)).toBeNull();
    });

    it("leaves the slot to its holder when another instance frees it", async () => {
      const store = await makeStore();
      const holder = fresh();
      const other = { ...fresh(), tenantId: holder.tenantId, spec: holder.spec };
      await store.commit({ record: holder, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" });
      await store.commit({
        record: { ...other, state: "FAILED" },
        expectedVersion: 0,
        log: [],
        outbox: [],
        tenantSlot: "free",
      });
      expect(await store.findLiveInstanceId(holder.tenantId, "dev")).toBe(holder.instanceId);
      const free = fresh();
      await store.commit({
        record: { ...free, state: "FAILED" },
        expectedVersion: 0,
        log: [],
        outbox: [],
        tenantSlot: "free",
      });
      expect(await store.findLiveInstanceId(free.tenantId, "dev")).toBeNull();
    });

    it("lets the slot holder claim it again", async () => {
      const store = await makeStore();
      const record = fresh();
      await store.commit({ record, expectedVersion: 0, log: [], outbox: [], tenantSlot: "claim" });
      await store.commit({
        record: { ...record, state: "PROVISIONING" },
        expectedVersion: 1,
        log: [],
        outbox: [],
        tenantSlot: "claim",
      });
      expect(await store.findLiveInstanceId(record.tenantId, "dev")).toBe(record.instanceId);
    });

    it("gives the last page no cursor when exactly `limit` items remain", async () => {
      const store = await makeStore();
      const tenantId = uniqueTenant();
      const records = [0, 1].map((index) => ({
        ...sampleRecord({ tenantId, spec: sampleSpec({ tenantId }) }),
        createdAt: `2026-11-22T10:00:0${index}.000Z`,
      }));
      for (const record of records) await store.commit({ record, expectedVersion: 0, log: [], outbox: [] });
      const page = await store.list({ tenantId, limit: 2 });
      expect(page.items.map((item) => item.instanceId)).toEqual(records.map((record) => record.instanceId));
      expect(page.nextStartAt).toBeUndefined();
      expect((await store.list({ tenantId, limit: 1 })).nextStartAt).toBeDefined();
    });
  });
}
