import { randomUUID } from "node:crypto";
import type { DomainEvent, InstanceState, OwnedResource, ResourceInventory, Service } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { createMemoryLedgerStore } from "../adapters/memory/createMemoryLedgerStore.ts";
import type { LedgerStore } from "../ports.ts";
import { sampleRecord, sampleSpec } from "../testing/sampleRecords.ts";
import { createOrphanScanner } from "./createOrphanScanner.ts";

/** An inventory over a list in memory; `remove` records the order and may be told to fail. */
function memoryInventory(
  service: Service,
  resources: OwnedResource[],
  journal: string[],
  options: { failOn?: string; onList?: () => Promise<void> } = {},
): ResourceInventory {
  return {
    service,
    async list() {
      await options.onList?.();
      return resources.map((resource) => ({ ...resource }));
    },
    async remove(resource) {
      if (resource.id === options.failOn) throw new Error(`cannot delete ${resource.id}`);
      journal.push(`${resource.service}/${resource.kind}/${resource.id}`);
      const index = resources.findIndex((item) => item.kind === resource.kind && item.id === resource.id);
      if (index >= 0) resources.splice(index, 1);
      return [`${resource.kind}:${resource.id}`];
    },
  };
}

async function record(store: LedgerStore, tenantId: string, state: InstanceState, instanceId = randomUUID()) {
  const spec = sampleSpec({ tenantId });
  await store.commit({
    record: sampleRecord({ instanceId, tenantId, spec, state }),
    expectedVersion: 0,
    log: [],
    outbox: [],
  });
  return instanceId;
}

function setUp() {
  const store = createMemoryLedgerStore();
  const published: DomainEvent[] = [];
  const journal: string[] = [];
  let ids = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}`;
  const scannerWith = (inventories: ResourceInventory[]) =>
    createOrphanScanner({
      inventories,
      store,
      publisher: {
        async publish(events) {
          published.push(...(events as DomainEvent[]));
        },
      },
      clock: () => new Date("2026-12-01T03:00:00.000Z"),
      newId,
      logger: silentLogger,
    });
  return { store, published, journal, scannerWith };
}

describe("createOrphanScanner", () => {
  it("reports orphans per tenant as OrphansFound, reading every ledger page", async () => {
    const { store, published, journal, scannerWith } = setUp();
    // More instances than one page of store.list (100): the owner is on the second page.
    for (let n = 0; n < 120; n++) await record(store, `filler${n}`, "ACTIVE");
    const live = await record(store, "acme", "ACTIVE");
    const gone = await record(store, "beta", "DEPROVISIONED");
    const storage = memoryInventory(
      "storage",
      [
        { service: "storage", kind: "database", id: "wp_acme", tenantId: "acme", instanceId: live },
        { service: "storage", kind: "database", id: "wp_beta", tenantId: "beta" },
        { service: "storage", kind: "secret", id: "beta/prod/db", tenantId: "beta", environment: "prod" },
        { service: "storage", kind: "database", id: "wp_ghost", tenantId: "ghost" },
      ],
      journal,
    );
    const report = await scannerWith([storage]).scan();
    expect(report).toMatchObject({ scannedAt: "2026-12-01T03:00:00.000Z", resources: 4 });
    expect(report.orphans.map((orphan) => orphan.id)).toEqual(["wp_beta", "beta/prod/db", "wp_ghost"]);
    expect(report.orphans[0]?.reason).toBe(
      `every instance of tenant beta is DEPROVISIONED or FAILED: ${gone} (DEPROVISIONED)`,
    );
    expect(published.map((event) => [event["detail-type"], event.detail.meta, event.detail.data])).toEqual([
      [
        "OrphansFound",
        {
          eventId: expect.any(String),
          schemaVersion: 1,
          occurredAt: "2026-12-01T03:00:00.000Z",
          correlationId: report.scanId,
          causationId: null,
          tenantId: "beta",
          environment: "prod",
        },
        { scanId: report.scanId, orphans: report.orphans.slice(0, 2) },
      ],
      [
        "OrphansFound",
        expect.objectContaining({ tenantId: "ghost", environment: "dev" }),
        { scanId: report.scanId, orphans: report.orphans.slice(2) },
      ],
    ]);
  });

  it("lists the inventories before the ledger: an instance created during the scan owns its fresh resources", async () => {
    const { store, published, journal, scannerWith } = setUp();
    const fresh = randomUUID();
    const compute = memoryInventory(
      "compute",
      [{ service: "compute", kind: "registry-entry", id: "fresh", tenantId: "fresh", instanceId: fresh }],
      journal,
      { onList: async () => void (await record(store, "fresh", "PROVISIONING", fresh)) },
    );
    expect((await scannerWith([compute]).scan()).orphans).toEqual([]);
    expect(published).toEqual([]);
  });

  it("cleans up in release order, goes on past a failure, and a dry run removes nothing", async () => {
    const { journal, scannerWith } = setUp();
    const orphan = (service: Service, kind: string, id: string): OwnedResource => ({
      service,
      kind,
      id,
      tenantId: "ghost",
    });
    const inventories = [
      memoryInventory(
        "storage",
        [
          orphan("storage", "database", "wp_ghost"),
          orphan("storage", "secret", "ghost/dev/db"),
          orphan("storage", "database-user", "wp_ghost"),
        ],
        journal,
      ),
      memoryInventory("identity", [orphan("identity", "user-pool", "local_ghost")], journal, {
        failOn: "local_ghost",
      }),
      memoryInventory(
        "compute",
        [orphan("compute", "registry-entry", "ghost"), orphan("compute", "process-group", "ghost:4242")],
        journal,
      ),
      memoryInventory("routing", [orphan("routing", "route", "tg-ghost-dev")], journal),
    ];
    const scanner = scannerWith(inventories);

    const dry = await scanner.cleanup({ dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, removed: [], failed: [] });
    expect(dry.orphans).toHaveLength(7);
    expect(journal).toEqual([]);

    const done = await scanner.cleanup({ dryRun: false });
    expect(journal).toEqual([
      "routing/route/tg-ghost-dev",
      "compute/process-group/ghost:4242",
      "compute/registry-entry/ghost",
      "storage/database-user/wp_ghost",
      "storage/database/wp_ghost",
      "storage/secret/ghost/dev/db",
    ]);
    expect(done.removed[0]).toEqual({
      resource: expect.objectContaining({
        id: "tg-ghost-dev",
        reason: "tenant ghost has no instance in the ledger",
      }),
      deleted: ["route:tg-ghost-dev"],
    });
    expect(done.removed).toHaveLength(6);
    expect(done.failed).toEqual([
      { resource: expect.objectContaining({ id: "local_ghost" }), error: "cannot delete local_ghost" },
    ]);
    expect((await scanner.scan()).orphans.map((left) => left.id)).toEqual(["local_ghost"]);
  });

  it("keeps a resource claimed after the scan's ledger read (a stale index), and publishes nothing on demand", async () => {
    const { store, published, journal } = setUp();
    const storage = memoryInventory(
      "storage",
      [
        { service: "storage", kind: "database", id: "wp_newbie", tenantId: "newbie" },
        { service: "storage", kind: "database", id: "wp_ghost", tenantId: "ghost" },
      ],
      journal,
    );
    // The list (an index) does not show newbie's instance yet; its tenant slot already does.
    const lagging: LedgerStore = {
      ...store,
      list: async () => ({ items: [] }),
      findLiveInstanceId: async (tenantId) => (tenantId === "newbie" ? "instance-of-newbie" : null),
    };
    const scanner = createOrphanScanner({
      inventories: [storage],
      store: lagging,
      publisher: { publish: async (events) => void published.push(...(events as DomainEvent[])) },
      clock: () => new Date("2026-12-01T03:00:00.000Z"),
      newId: randomUUID,
      logger: silentLogger,
    });
    expect((await scanner.scan({ publish: false })).orphans.map((orphan) => orphan.id)).toEqual([
      "wp_newbie",
      "wp_ghost",
    ]);
    const cleanup = await scanner.cleanup({ dryRun: false });
    expect(journal).toEqual(["storage/database/wp_ghost"]);
    expect(cleanup.failed).toEqual([
      {
        resource: expect.objectContaining({ id: "wp_newbie" }),
        error: expect.stringContaining("tenant newbie has a live instance instance-of-newbie"),
      },
    ]);
    expect(published).toEqual([]);
  });
});
