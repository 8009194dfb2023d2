import { randomUUID } from "node:crypto";
import { createEvent, type DomainEvent, type LedgerCommand } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { createMemoryLedgerStore } from "../adapters/memory/createMemoryLedgerStore.ts";
import { writesOperation } from "../adapters/writesOperation.ts";
import { VersionConflictError } from "../domain/errors.ts";
import type { LedgerStore } from "../ports.ts";
import { answerAsServices } from "../testing/answerAsServices.ts";
import { sampleSpec } from "../testing/sampleRecords.ts";
import { createLedgerService } from "./createLedgerService.ts";

const specDefaults = {
  wordpress: { version: "6.4.3", image: "wordpress:6.4.3" },
  baseDomain: "sites.example.com",
};
const provision = (tenantId = "acme"): Extract<LedgerCommand, { operation: "provision" }> => ({
  operation: "provision",
  instanceId: randomUUID(),
  operationId: randomUUID(),
  correlationId: randomUUID(),
  requestedBy: "operator@example.com",
  spec: sampleSpec({ tenantId }),
});
const tenantCreated = (tenantId: string, eventId = randomUUID()): DomainEvent =>
  createEvent({
    name: "TenantCreated",
    producer: "tenant-management",
    meta: {
      eventId,
      occurredAt: "2026-11-22T10:00:00.000Z",
      correlationId: "c",
      causationId: null,
      tenantId,
      environment: "dev",
    },
    data: { tenantId, organisationName: tenantId, environment: "dev" },
  });

function setup(store: LedgerStore = createMemoryLedgerStore()) {
  return {
    store,
    ledger: createLedgerService({ store, logger: silentLogger, specDefaults, sleep: async () => {} }),
  };
}

describe("ledger service", () => {
  it("accepts a provision and writes InstanceRequested to the outbox", async () => {
    const { store, ledger } = setup();
    const command = provision();
    const result = await ledger.handleCommand(command);
    expect(result).toMatchObject({
      outcome: "accepted",
      state: "PENDING_PROVISIONING",
      operation: { operationId: command.operationId, status: "PENDING" },
    });
    const outbox = await store.pendingOutbox(10);
    expect(outbox.map((entry) => entry.event["detail-type"])).toEqual(["InstanceRequested"]);
    expect(outbox[0]?.event.detail.meta).toMatchObject({
      correlationId: command.correlationId,
      causationId: command.operationId,
    });
  });

  it("rejects a second live instance of the same tenant and environment, naming the first", async () => {
    const { ledger } = setup();
    const first = provision();
    await ledger.handleCommand(first);
    const second = await ledger.handleCommand(provision());
    expect(second).toEqual({
      outcome: "rejected",
      rejection: expect.objectContaining({ code: "LEDGER.INSTANCE_EXISTS", instanceId: first.instanceId }),
    });
  });

  it("turns TenantCreated into one provisioning, idempotent on the tenant and on the event", async () => {
    const { store, ledger } = setup();
    const event = tenantCreated("globex");
    await ledger.handleEvent(event);
    await ledger.handleEvent(event); // redelivery
    await ledger.handleEvent(tenantCreated("globex")); // republished upstream
    const { items } = await store.list({ tenantId: "globex", limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]?.spec).toMatchObject({
      hostname: "globex.sites.example.com",
      size: "small",
      desiredCount: 1,
    });
    expect((await store.pendingOutbox(10)).map((entry) => entry.event["detail-type"])).toEqual([
      "InstanceRequested",
    ]);
  });

  it("rejects an invalid tenant in TenantCreated at parse time, before the ledger", () => {
    expect(() => tenantCreated("Bad_Tenant")).toThrow(/tenantId must be 3 to 24 characters/);
  });

  it("retries a decision when another writer got there first (version conflict)", async () => {
    const inner = createMemoryLedgerStore();
    let conflicts = 1;
    const store: LedgerStore = {
      ...inner,
      async commit(change) {
        if (conflicts-- > 0) throw new VersionConflictError(change.record.instanceId);
        return inner.commit(change);
      },
    };
    const { ledger } = setup(store);
    const command = provision();
    expect((await ledger.handleCommand(command)).outcome).toBe("accepted");
    expect((await inner.get(command.instanceId))?.version).toBe(1);
  });

  it("commits a provision without reading first, and reads once the create is refused", async () => {
    const inner = createMemoryLedgerStore();
    const reads: string[] = [];
    const store: LedgerStore = {
      ...inner,
      get: (instanceId) => {
        reads.push(instanceId);
        return inner.get(instanceId);
      },
    };
    const { ledger } = setup(store);
    const command = provision();
    const accepted = await ledger.handleCommand(command);
    expect(reads).toEqual([]);
    expect(await ledger.handleCommand(command)).toEqual(accepted); // the API's retry: the same command
    expect(reads).toEqual([command.instanceId]);
    const other = { ...provision(), instanceId: command.instanceId };
    expect(await ledger.handleCommand(other)).toMatchObject({
      outcome: "rejected",
      rejection: { code: "LEDGER.INSTANCE_EXISTS" },
    });
    expect((await inner.get(command.instanceId))?.version).toBe(1);
    expect((await inner.pendingOutbox(10)).map((entry) => entry.event["detail-type"])).toEqual([
      "InstanceRequested",
    ]);
  });

  it("passes the record it read, so a saga rewrites its operation only when the operation changes", async () => {
    const inner = createMemoryLedgerStore();
    const commits: boolean[] = [];
    const store: LedgerStore = {
      ...inner,
      commit: (change) => {
        commits.push(writesOperation(change));
        return inner.commit(change);
      },
    };
    const { ledger } = setup(store);
    const command = provision();
    await ledger.handleCommand(command);
    await answerAsServices({ ledger, store, now: () => "2026-11-22T10:00:01.000Z" });
    const active = (await inner.get(command.instanceId))?.record;
    expect(active?.state).toBe("ACTIVE");
    // Created PENDING, IN_PROGRESS at the first Ready, COMPLETED at activation; the other commits keep it.
    expect(commits).toEqual([true, true, false, false, false, true]);
    expect(await inner.getOperation(command.operationId)).toEqual({
      ...active?.operation,
      instanceId: command.instanceId,
    });
  });

  it("marks overdue operations STUCK and publishes OperationStuck", async () => {
    let now = new Date("2026-11-22T10:00:00.000Z");
    const store = createMemoryLedgerStore();
    const ledger = createLedgerService({
      store,
      logger: silentLogger,
      specDefaults,
      clock: () => now,
      sleep: async () => {},
    });
    const command = provision();
    await ledger.handleCommand(command);
    expect(await ledger.sweepStuck()).toBe(0);
    now = new Date("2026-11-22T10:16:00.000Z");
    expect(await ledger.sweepStuck()).toBe(1);
    expect((await store.get(command.instanceId))?.record.operation.status).toBe("STUCK");
    expect((await store.pendingOutbox(10)).map((entry) => entry.event["detail-type"])).toContain(
      "OperationStuck",
    );
    expect(await ledger.sweepStuck()).toBe(0);
  });
});
