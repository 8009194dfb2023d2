import { randomUUID } from "node:crypto";
import {
  InstanceRecordSchema,
  type LedgerCommand,
  LoggedEventSchema,
  StoredOperationSchema,
} from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { createMemoryLedgerStore } from "../adapters/memory/createMemoryLedgerStore.ts";
import { createLedgerService } from "../application/createLedgerService.ts";
import { answerAsServices } from "./answerAsServices.ts";
import { sampleSpec } from "./sampleRecords.ts";

const NOW = "2026-11-22T10:00:00.000Z";

function setup() {
  const store = createMemoryLedgerStore({ now: () => NOW });
  const ledger = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: { wordpress: sampleSpec().wordpress, baseDomain: "sites.example.com" },
    clock: () => new Date(NOW),
  });
  const instanceId = randomUUID();
  const send = async (operation: LedgerCommand["operation"], extra: Record<string, unknown> = {}) => {
    const operationId = randomUUID();
    const command = {
      operation,
      instanceId,
      operationId,
      correlationId: operationId,
      requestedBy: "t",
      ...extra,
    };
    const result = await ledger.handleCommand(command as LedgerCommand);
    expect(result.outcome, JSON.stringify(result)).toBe("accepted");
    expect(await answerAsServices({ ledger, store, now: () => NOW }, instanceId)).toBeGreaterThan(0);
    return operationId;
  };
  /** The record, its operation and its log, as the API reads them, parse unchanged under the contracts. */
  const readBack = async () => {
    const stored = await store.get(instanceId);
    if (!stored) throw new Error("no record");
    expect(InstanceRecordSchema.parse(stored.record)).toEqual(stored.record);
    const operation = await store.getOperation(stored.record.operation.operationId);
    expect(StoredOperationSchema.parse(operation)).toEqual(operation);
    for (const entry of await store.events(instanceId)) expect(LoggedEventSchema.parse(entry)).toEqual(entry);
    return stored.record;
  };
  return { store, ledger, instanceId, send, readBack };
}

describe("answerAsServices: the services' answers to the real ledger", () => {
  it("carries an instance through its lifecycle; every record crosses the seam unchanged", async () => {
    const { send, readBack } = setup();
    await send("provision", { spec: sampleSpec() });
    expect(await readBack()).toMatchObject({
      state: "ACTIVE",
      outputs: { health: { url: "http://acme.localhost:8080/", httpStatus: 200 } },
    });
    await send("suspend");
    expect((await readBack()).state).toBe("SUSPENDED");
    await send("resume");
    await send("scale", { desiredCount: 3 });
    expect((await readBack()).spec.desiredCount).toBe(3);
    const backupId = randomUUID();
    await send("backup", { backupId });
    expect((await readBack()).backups).toMatchObject([{ backupId, takenAt: NOW }]);
    await send("restore", { backupId });
    expect(await readBack()).toMatchObject({
      state: "ACTIVE",
      operation: { kind: "restore", status: "COMPLETED" },
    });
    await send("rotateCredentials");
    expect(await readBack()).toMatchObject({
      state: "ACTIVE",
      operation: { kind: "rotateCredentials", status: "COMPLETED" },
      credentialsRotatedAt: NOW,
    });
    await send("deprovision");
    expect(await readBack()).toMatchObject({
      state: "DEPROVISIONED",
      outputs: { archive: { sizeBytes: 1024 } },
      resources: { identity: "released", storage: "released", routing: "released", compute: "released" },
    });
  });

  it("answers only the named instance's requests, leaving the others' in the outbox", async () => {
    const { store, ledger } = setup();
    const other = randomUUID();
    const operationId = randomUUID();
    await ledger.handleCommand({
      operation: "provision",
      instanceId: other,
      operationId,
      correlationId: operationId,
      requestedBy: "t",
      spec: sampleSpec({ tenantId: "beta", hostname: "beta.sites.example.com" }),
    });
    expect(await answerAsServices({ ledger, store }, randomUUID())).toBe(0);
    expect((await store.get(other))?.record.state).toBe("PENDING_PROVISIONING");
    expect((await store.pendingOutbox(10)).map((entry) => entry.event["detail-type"])).toEqual([
      "InstanceRequested",
    ]);
  });
});
