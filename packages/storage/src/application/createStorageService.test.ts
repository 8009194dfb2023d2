import { randomUUID } from "node:crypto";
import { type Backup, createEvent, type DomainEvent, type InstanceRef } from "@bbws/contracts";
import { createMemoryServiceJournal, silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { StorageError } from "../domain/errors.ts";
import type { StorageProvider } from "../ports.ts";
import { createStorageService } from "./createStorageService.ts";

const instance: InstanceRef = { instanceId: randomUUID(), tenantId: "acme", environment: "dev" };
const backup: Backup = {
  backupId: randomUUID(),
  takenAt: "2026-11-22T10:00:00.000Z",
  location: "/data/archive/acme/backups/b.tar.gz",
  sha256: "a".repeat(64),
  sizeBytes: 1234,
};
const safety: Backup = { ...backup, backupId: randomUUID(), location: "/data/archive/acme/backups/s.tar.gz" };

const restoreRequested = (operationId: string, withRecord = true) =>
  createEvent({
    name: "RestoreRequested",
    meta: {
      eventId: randomUUID(),
      occurredAt: "2026-11-22T10:05:00.000Z",
      correlationId: "c",
      causationId: operationId,
      ...instance,
    },
    data: withRecord
      ? { operationId, backupId: backup.backupId, backup }
      : { operationId, backupId: backup.backupId },
  });

function serviceWith(restore: StorageProvider["restore"], options: { publishFailures?: number } = {}) {
  const published: DomainEvent[] = [];
  let publishFailures = options.publishFailures ?? 0;
  const calls: unknown[][] = [];
  const provider = {
    restore: async (...args: Parameters<StorageProvider["restore"]>) => {
      calls.push(args);
      return restore(...args);
    },
  } as StorageProvider;
  const handle = createStorageService({
    provider,
    // The service publishes only DomainEvents it built with `reply`.
    publisher: {
      async publish(events) {
        if (publishFailures-- > 0) throw new Error("bus unavailable");
        published.push(...(events as DomainEvent[]));
      },
    },
    clock: () => new Date("2026-11-22T10:06:00.000Z"),
    newId: randomUUID,
    maxReceiveCount: 3,
    journal: createMemoryServiceJournal(),
    leaseMs: 60_000,
    logger: silentLogger,
  });
  return { handle, published, calls };
}

describe("storage service: RestoreRequested", () => {
  it("restores the requested backup and answers OperationStepCompleted with the safety backup", async () => {
    const { handle, published, calls } = serviceWith(async () => safety);
    const operationId = randomUUID();
    await handle(restoreRequested(operationId), { receiveCount: 1 });
    expect(calls).toEqual([[instance, { operationId, backup }]]);
    expect(published.map((event) => [event["detail-type"], event.detail.data])).toEqual([
      [
        "OperationStepCompleted",
        {
          operationId,
          operation: "restore",
          service: "storage",
          answers: "RestoreRequested",
          backup: safety,
        },
      ],
    ]);
  });

  it("answers OperationStepFailed with the code and reason of a failed restore", async () => {
    const { handle, published } = serviceWith(async () => {
      throw new StorageError("STORAGE.BACKUP_INVALID", "backup x cannot be restored; nothing was changed", {
        retryable: false,
      });
    });
    const operationId = randomUUID();
    await handle(restoreRequested(operationId), { receiveCount: 1 });
    expect(published.map((event) => [event["detail-type"], event.detail.data])).toEqual([
      [
        "OperationStepFailed",
        {
          operationId,
          operation: "restore",
          service: "storage",
          answers: "RestoreRequested",
          code: "STORAGE.BACKUP_INVALID",
          reason: "backup x cannot be restored; nothing was changed",
          retryable: false,
        },
      ],
    ]);
  });

  it("leaves a retryable failure to SQS (rethrows) until the last receive", async () => {
    const unavailable = new StorageError("STORAGE.CLOUD_UNAVAILABLE", "S3 throttled", { retryable: true });
    const { handle, published } = serviceWith(async () => {
      throw unavailable;
    });
    await expect(handle(restoreRequested(randomUUID()), { receiveCount: 1 })).rejects.toBe(unavailable);
    expect(published).toEqual([]);
    await handle(restoreRequested(randomUUID()), { receiveCount: 3 });
    expect(published.map((event) => event["detail-type"])).toEqual(["OperationStepFailed"]);
  });

  it("refuses a request without the backup record (an older ledger's), touching nothing", async () => {
    const { handle, published, calls } = serviceWith(async () => safety);
    await handle(restoreRequested(randomUUID(), false), { receiveCount: 1 });
    expect(calls).toEqual([]);
    expect(published.map((event) => [event["detail-type"], event.detail.data])).toMatchObject([
      ["OperationStepFailed", { code: "STORAGE.BACKUP_INVALID", operation: "restore", retryable: false }],
    ]);
  });

  it("flags a restore that could not put the data back as unsafe to resume", async () => {
    const { handle, published } = serviceWith(async () => {
      throw new StorageError("STORAGE.RESTORE_INCOMPLETE", "half-restored; safety backup at s", {
        retryable: false,
      });
    });
    await handle(restoreRequested(randomUUID()), { receiveCount: 1 });
    expect(published.map((event) => [event["detail-type"], event.detail.data])).toMatchObject([
      ["OperationStepFailed", { code: "STORAGE.RESTORE_INCOMPLETE", unsafeToResume: true }],
    ]);
  });

  it("lets the redelivery after a failed publication answer at once, without restoring again", async () => {
    const { handle, published, calls } = serviceWith(async () => safety, { publishFailures: 1 });
    const request = restoreRequested(randomUUID());
    await expect(handle(request, { receiveCount: 1 })).rejects.toThrow("bus unavailable");
    // Same instant: the claim was released, so the redelivery is not refused as in flight.
    await handle(request, { receiveCount: 2 });
    expect(calls).toHaveLength(1);
    expect(published.map((event) => event["detail-type"])).toEqual(["OperationStepCompleted"]);
  });
});
