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

type BackupSteps = Pick<StorageProvider, "storeBackup" | "verifyBackup" | "restoreData">;

/** The backup steps, each call logged; the safety backup is stored under backupId = operationId. */
function serviceWith(steps: Partial<BackupSteps> = {}, options: { publishFailures?: number } = {}) {
  const published: DomainEvent[] = [];
  let publishFailures = options.publishFailures ?? 0;
  const calls: [string, unknown][] = [];
  const provider = {
    async storeBackup(ref, backupId) {
      calls.push(["storeBackup", backupId]);
      return steps.storeBackup?.(ref, backupId) ?? safetyOf(backupId);
    },
    async verifyBackup(ref, stored) {
      calls.push(["verifyBackup", stored.backupId]);
      await steps.verifyBackup?.(ref, stored);
    },
    async restoreData(ref, restored) {
      calls.push(["restoreData", restored.backupId]);
      await steps.restoreData?.(ref, restored);
    },
  } satisfies BackupSteps as unknown as StorageProvider;
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
  const answers = () => published.map((event) => [event["detail-type"], event.detail.data]);
  return { handle, answers, calls };
}

function safetyOf(operationId: string): Backup {
  return { ...backup, backupId: operationId, location: `/data/archive/acme/backups/${operationId}.tar.gz` };
}

const step = (operationId: string) =>
  ({ operationId, operation: "restore", service: "storage", answers: "RestoreRequested" }) as const;

describe("storage service: RestoreRequested", () => {
  it("verifies the backup, stores and verifies a safety backup, swaps, and answers with the safety backup", async () => {
    const { handle, answers, calls } = serviceWith();
    const operationId = randomUUID();
    await handle(restoreRequested(operationId), { receiveCount: 1 });
    expect(calls).toEqual([
      ["verifyBackup", backup.backupId],
      ["storeBackup", operationId],
      ["verifyBackup", operationId],
      ["restoreData", backup.backupId],
    ]);
    expect(answers()).toEqual([
      ["OperationStepCompleted", { ...step(operationId), backup: safetyOf(operationId) }],
    ]);
  });

  it("answers a backup that does not verify with its failure, before anything is stored or swapped", async () => {
    const { handle, answers, calls } = serviceWith({
      async verifyBackup() {
        throw new StorageError("STORAGE.BACKUP_INVALID", "backup x cannot be restored; nothing was changed", {
          retryable: false,
        });
      },
    });
    const operationId = randomUUID();
    await handle(restoreRequested(operationId), { receiveCount: 1 });
    expect(calls).toEqual([["verifyBackup", backup.backupId]]);
    expect(answers()).toEqual([
      [
        "OperationStepFailed",
        {
          ...step(operationId),
          code: "STORAGE.BACKUP_INVALID",
          reason: "backup x cannot be restored; nothing was changed",
          retryable: false,
        },
      ],
    ]);
  });

  it("puts the safety backup back after a failed swap and says so (STORAGE.RESTORE_FAILED)", async () => {
    const { handle, answers, calls } = serviceWith({
      async restoreData(_ref, restored) {
        if (restored.backupId === backup.backupId)
          throw new StorageError("STORAGE.DATABASE_FAILED", "connection lost", { retryable: false });
      },
    });
    const operationId = randomUUID();
    await handle(restoreRequested(operationId), { receiveCount: 1 });
    expect(calls.slice(-2)).toEqual([
      ["restoreData", backup.backupId],
      ["restoreData", operationId],
    ]);
    expect(answers()).toMatchObject([
      [
        "OperationStepFailed",
        {
          code: "STORAGE.RESTORE_FAILED",
          reason: expect.stringMatching(/connection lost.*back on its pre-restore data/),
          retryable: false,
        },
      ],
    ]);
    expect(answers()[0]?.[1]).not.toHaveProperty("unsafeToResume");
  });

  it("flags a restore that could not put the data back as unsafe to resume", async () => {
    const { handle, answers } = serviceWith({
      async restoreData() {
        throw new StorageError("STORAGE.DATABASE_FAILED", "the server is gone", { retryable: false });
      },
    });
    const operationId = randomUUID();
    await handle(restoreRequested(operationId), { receiveCount: 1 });
    expect(answers()).toMatchObject([
      [
        "OperationStepFailed",
        {
          code: "STORAGE.RESTORE_INCOMPLETE",
          reason: expect.stringContaining(
            `safety backup ${operationId} at ${safetyOf(operationId).location}`,
          ),
          unsafeToResume: true,
        },
      ],
    ]);
  });

  it("leaves a retryable failure to SQS (rethrows) until the last receive", async () => {
    const unavailable = new StorageError("STORAGE.CLOUD_UNAVAILABLE", "S3 throttled", { retryable: true });
    const { handle, answers } = serviceWith({
      async verifyBackup() {
        throw unavailable;
      },
    });
    await expect(handle(restoreRequested(randomUUID()), { receiveCount: 1 })).rejects.toBe(unavailable);
    expect(answers()).toEqual([]);
    await handle(restoreRequested(randomUUID()), { receiveCount: 3 });
    expect(answers().map(([type]) => type)).toEqual(["OperationStepFailed"]);
  });

  it("refuses a request without the backup record (an older ledger's), touching nothing", async () => {
    const { handle, answers, calls } = serviceWith();
    await handle(restoreRequested(randomUUID(), false), { receiveCount: 1 });
    expect(calls).toEqual([]);
    expect(answers()).toMatchObject([
      ["OperationStepFailed", { code: "STORAGE.BACKUP_INVALID", operation: "restore", retryable: false }],
    ]);
  });

  it("lets the redelivery after a failed publication answer at once, without restoring again", async () => {
    const { handle, answers, calls } = serviceWith({}, { publishFailures: 1 });
    const request = restoreRequested(randomUUID());
    await expect(handle(request, { receiveCount: 1 })).rejects.toThrow("bus unavailable");
    // Same instant: the claim was released, so the redelivery is not refused as in flight.
    await handle(request, { receiveCount: 2 });
    expect(calls.filter(([name]) => name === "restoreData")).toHaveLength(1);
    expect(answers().map(([type]) => type)).toEqual(["OperationStepCompleted"]);
  });

  it("a redelivery after a crash in the swap swaps again, and never stores a safety backup of half-restored data", async () => {
    let crashes = 1;
    const { handle, answers, calls } = serviceWith({
      async restoreData() {
        if (crashes-- > 0) throw Object.assign(new Error("process killed"), { retryable: true });
      },
    });
    const request = restoreRequested(randomUUID());
    await expect(handle(request, { receiveCount: 1 })).rejects.toThrow("process killed");
    await handle(request, { receiveCount: 2 });
    expect(calls.filter(([name]) => name === "storeBackup")).toHaveLength(1);
    expect(calls.filter(([name]) => name === "restoreData")).toHaveLength(2);
    expect(answers().map(([type]) => type)).toEqual(["OperationStepCompleted"]);
  });
});
