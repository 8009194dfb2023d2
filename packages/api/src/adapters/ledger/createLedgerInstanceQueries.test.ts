import { randomUUID } from "node:crypto";
import { InstanceRecordSchema, type LedgerCommand, LoggedEventSchema } from "@bbws/contracts";
import { beforeEach, describe, expect, it } from "vitest";
import { InstanceViewSchema, TimelineEntrySchema } from "../../domain/viewSchemas.ts";
import { createTestLedger, type TestLedger } from "../../testing/createTestLedger.ts";
import { createLedgerInstanceCommands, createLedgerInstanceQueries } from "./createLedgerInstanceQueries.ts";

const NOW = Date.parse("2026-11-22T10:00:00.000Z");
const specDefaults = {
  wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
  baseDomain: "sites.example.com",
};

function provision(tenantId: string): Extract<LedgerCommand, { operation: "provision" }> {
  const operationId = randomUUID();
  return {
    operation: "provision",
    instanceId: randomUUID(),
    operationId,
    correlationId: operationId,
    requestedBy: "olga",
    spec: {
      tenantId,
      environment: "dev",
      size: "small",
      desiredCount: 1,
      wordpress: specDefaults.wordpress,
      hostname: `${tenantId}.sites.example.com`,
    },
  };
}

let ledger: TestLedger;
beforeEach(() => {
  ledger = createTestLedger({ now: () => NOW, specDefaults });
});

describe("createLedgerInstanceQueries over the real ledger", () => {
  it("maps a ledger record to the API's view, without service outputs or ledger internals", async () => {
    const command = provision("acme");
    expect(await createLedgerInstanceCommands(ledger).submit(command)).toMatchObject({ outcome: "accepted" });
    await ledger.complete(command.instanceId);
    const queries = createLedgerInstanceQueries(ledger.store);

    const view = await queries.get(command.instanceId);
    expect(InstanceViewSchema.strict().parse(view)).toEqual(view);
    expect(view).toMatchObject({
      state: "ACTIVE",
      url: "http://acme.localhost:8080/",
      health: { httpStatus: 200 },
      operation: { operationId: command.operationId, status: "COMPLETED", finishedAt: expect.any(String) },
    });
    expect(JSON.stringify(view)).not.toMatch(/secret|userPoolId|targetGroupRef|requestedBy|awaiting/);
    expect(await queries.get(randomUUID())).toBeNull();
  });

  it("reads records and log entries of the shapes @bbws/contracts defines", async () => {
    const command = provision("acme");
    await ledger.handleCommand(command);
    await ledger.complete(command.instanceId);
    const stored = await ledger.store.get(command.instanceId);
    // The record crosses the seam unchanged: nothing the ledger keeps is missing from the schema.
    expect(InstanceRecordSchema.parse(stored?.record)).toEqual(stored?.record);
    for (const entry of await ledger.store.events(command.instanceId))
      expect(LoggedEventSchema.parse(entry)).toEqual(entry);
  });

  it("pages with the store's cursor and maps operations and the event log", async () => {
    const first = provision("acme");
    await ledger.handleCommand(first);
    await ledger.handleCommand(provision("beta"));
    const queries = createLedgerInstanceQueries(ledger.store);

    const page = await queries.list({ limit: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.nextStartAt).toEqual(expect.any(String));
    const next = await queries.list({ limit: 1, startAt: page.nextStartAt });
    // Same creation time: the order between the two is the store's (by instanceId).
    expect([...page.items, ...next.items].map((item) => item.tenantId).sort()).toEqual(["acme", "beta"]);
    expect(next).not.toHaveProperty("nextStartAt");
    await expect(queries.list({ limit: 1, startAt: "not-a-cursor" })).rejects.toMatchObject({
      code: "LEDGER.INVALID_CURSOR",
    });
    expect(await queries.getOperation(first.operationId)).toEqual({
      operationId: first.operationId,
      instanceId: first.instanceId,
      kind: "provision",
      status: "PENDING",
      requestedAt: "2026-11-22T10:00:00.000Z",
      deadlineAt: "2026-11-22T10:15:00.000Z",
    });
    const [entry] = await queries.events(first.instanceId);
    expect(TimelineEntrySchema.parse(entry)).toEqual({
      eventId: expect.any(String),
      type: "InstanceRequested",
      source: "bbws.ledger",
      occurredAt: "2026-11-22T10:00:00.000Z",
      loggedAt: "2026-11-22T10:00:00.000Z",
      correlationId: first.correlationId,
      causationId: first.operationId,
      data: { operationId: first.operationId, spec: first.spec },
    });
  });

  it("hands out the same frozen view while a record is unchanged, and a new one once it changes", async () => {
    const command = provision("acme");
    await ledger.handleCommand(command);
    const queries = createLedgerInstanceQueries(ledger.store);

    const pending = await queries.get(command.instanceId);
    expect(Object.isFrozen(pending)).toBe(true);
    expect(Object.isFrozen(pending?.operation)).toBe(true);
    expect((await queries.list({ limit: 10 })).items[0]).toBe(pending);
    expect(await queries.get(command.instanceId)).toBe(pending);

    await ledger.complete(command.instanceId);
    const active = await queries.get(command.instanceId);
    expect(active).not.toBe(pending);
    expect(active).toMatchObject({ state: "ACTIVE", operation: { status: "COMPLETED" } });
    expect(pending).toMatchObject({ state: "PENDING_PROVISIONING", operation: { status: "PENDING" } });
    expect((await queries.list({ limit: 10 })).items[0]).toBe(active);
  });

  it("maps a record that is not frozen afresh on every read (a store that builds records per read)", async () => {
    const command = provision("acme");
    await ledger.handleCommand(command);
    // Like the DynamoDB store: a fresh, mutable record on every read.
    const queries = createLedgerInstanceQueries({
      ...ledger.store,
      get: async (instanceId) => structuredClone(await ledger.store.get(instanceId)),
      list: async (query) => structuredClone(await ledger.store.list(query)),
    });
    const first = await queries.get(command.instanceId);
    expect(Object.isFrozen(first)).toBe(false);
    expect(await queries.get(command.instanceId)).not.toBe(first);
    expect(await queries.get(command.instanceId)).toEqual(first);
    expect((await queries.list({ limit: 10 })).items[0]).not.toBe(first);
  });
});
