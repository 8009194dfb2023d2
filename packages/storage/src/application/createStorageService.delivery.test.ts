/**
 * Duplicate and replayed deliveries to the storage service, on the journal it runs with in the cloud
 * (DynamoDB Local) and the local provider on the real MariaDB: one of each resource, one answer.
 */
import { randomUUID } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { DomainEvent, InstanceRef } from "@bbws/contracts";
import { createDynamoServiceJournal, type Logger, RequestInFlightError } from "@bbws/mesh";
import { useLocalRecordsTable } from "@bbws/mesh/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { specFor } from "../adapters/storageProviderContract.ts";
import type { StorageProvider } from "../ports.ts";
import { createLocalStorageFixture } from "../testing/localStorageFixture.ts";
import { sqlTraces } from "../testing/mariadb.ts";
import { storageRequest } from "../testing/storageRequest.ts";
import { createStorageService } from "./createStorageService.ts";

const fixture = createLocalStorageFixture();
const { client: dynamo, tableName } = useLocalRecordsTable(inject("dynamoEndpoint"), "storage-journal");

beforeAll(async () => {
  fixture.start();
});
afterAll(async () => {
  await fixture.stop();
});

/** Counts every provider step, and can hold the first claim until `gate` opens. */
function counting(provider: StorageProvider, gate?: Promise<void>) {
  const calls: string[] = [];
  const wrapped = Object.fromEntries(
    (Object.keys(provider) as (keyof StorageProvider)[]).map((name) => [
      name,
      async (...args: unknown[]) => {
        calls.push(name);
        if (name === "claimTenant") await gate;
        return (provider[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as StorageProvider;
  return { wrapped, calls };
}

function harness(provider: StorageProvider) {
  const published: DomainEvent[] = [];
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (message, fields) => void logged.push({ message, ...(fields ? { fields } : {}) }),
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  const handle = createStorageService({
    provider,
    publisher: { publish: async (events) => void published.push(...(events as DomainEvent[])) },
    clock: () => new Date("2026-11-22T10:00:00.000Z"),
    newId: randomUUID,
    maxReceiveCount: 5,
    journal: createDynamoServiceJournal({ client: dynamo, tableName }),
    leaseMs: 60_000,
    logger,
  });
  const types = () => published.map((event) => event["detail-type"]);
  return { handle, published, logged, types };
}

const PROVISION_STEPS = [
  "claimTenant",
  "allocateUid",
  "ensureContentArea",
  "ensureCredentials",
  "ensureDatabase",
  "completeStorage",
];
const provisionOf = (ref: InstanceRef) =>
  storageRequest("InstanceRequested", { operationId: randomUUID(), spec: specFor(ref) }, ref);

describe("storage service: deliveries", () => {
  it("lets one of two concurrent deliveries of InstanceRequested act: one of each resource, one StorageReady", async () => {
    const { provider, dataDir } = fixture.setup();
    const ref = fixture.newInstance();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { wrapped, calls } = counting(provider, gate);
    const { handle, types } = harness(wrapped);
    const request = provisionOf(ref);
    const deliveries = [handle(request, { receiveCount: 1 }), handle(request, { receiveCount: 1 })];
    // The delivery holding the claim waits until the other one has given up.
    void Promise.race(deliveries.map((delivery) => delivery.then(open, open)));
    const results = await Promise.allSettled(deliveries);

    const refused = results.filter((result) => result.status === "rejected");
    expect(refused).toHaveLength(1);
    // Whether it lost the claim's write or found the claim taken, it waits for the holder's lease.
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(RequestInFlightError);
    expect(calls).toEqual(PROVISION_STEPS);
    expect(types()).toEqual(["StorageReady"]);
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 1, users: 2, grants: 2 });
    expect(readdirSync(join(dataDir, "efs", "tenants"))).toEqual([ref.tenantId]);

    // SQS redelivers the refused one: the inbox says it is handled.
    await handle(request, { receiveCount: 2 });
    expect(calls).toEqual(PROVISION_STEPS);
    expect(types()).toEqual(["StorageReady"]);
  });

  it("gives a replay of the whole history after a release no effect, and logs why", async () => {
    const { provider, dataDir } = fixture.setup();
    const ref = fixture.newInstance();
    const { wrapped, calls } = counting(provider);
    const { handle, types, logged } = harness(wrapped);
    const history = [
      provisionOf(ref),
      storageRequest("BackupRequested", { operationId: randomUUID(), backupId: randomUUID() }, ref),
      storageRequest(
        "ReleaseRequested",
        { operationId: randomUUID(), service: "storage", reason: "deprovision", archive: true },
        ref,
      ),
    ];
    for (const event of history) await handle(event, { receiveCount: 1 });
    expect(types()).toEqual(["StorageReady", "OperationStepCompleted", "StorageReleased"]);
    const done = [...calls];
    expect(existsSync(join(dataDir, "efs", "tenants", ref.tenantId))).toBe(false);

    for (const event of history) await handle({ ...event, "replay-name": "window" }, { receiveCount: 1 });
    // A late request the ledger sent again (a new event id) for the released instance.
    await handle(provisionOf(ref), { receiveCount: 1 });

    expect(calls).toEqual(done);
    expect(types()).toEqual(["StorageReady", "OperationStepCompleted", "StorageReleased"]);
    expect(await sqlTraces(fixture.admin(), ref.tenantId)).toEqual({ databases: 0, users: 0, grants: 0 });
    expect(existsSync(join(dataDir, "efs", "tenants", ref.tenantId))).toBe(false);
    const messages = logged.map((entry) => entry.message);
    expect(messages.filter((message) => message.includes("already handled"))).toHaveLength(3);
    expect(logged).toContainEqual({
      message: "request acknowledged with no effect",
      fields: expect.objectContaining({ reason: expect.stringContaining("released") }),
    });
  });
});
