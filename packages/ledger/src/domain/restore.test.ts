import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, undoAnswer } from "../testing/lifecycleSteps.ts";
import { command, event, names, run } from "../testing/scenario.ts";
import type { InstanceRecord } from "./instance.ts";

const BACKUP_ID = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const taken = {
  backupId: BACKUP_ID,
  location: "file:///backups/acme/b.tar.gz",
  sha256: "a".repeat(64),
  sizeBytes: 10,
  takenAt: "2026-11-22T10:00:00.000Z",
};

/** An ACTIVE instance with one backup. */
function backedUp(): InstanceRecord {
  const backup = command("backup", { backupId: BACKUP_ID });
  const { record } = run(
    [backup, stepDone(backup.operationId, "backup", "storage", { backup: taken })],
    activeInstance(),
  );
  if (!record) throw new Error("no record");
  return record;
}

type Service = "compute" | "routing" | "storage";
const done = (operationId: string, service: Service, extra: Record<string, unknown> = {}) =>
  event("OperationStepCompleted", { operationId, operation: "restore", service, ...extra }, service);
const failedStep = (operationId: string, service: Service, reason: string) =>
  event(
    "OperationStepFailed",
    {
      operationId,
      operation: "restore",
      service,
      code: `${service.toUpperCase()}.BROKEN`,
      reason,
      retryable: false,
    },
    service,
  );
const safety = {
  ...taken,
  backupId: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
  location: "file:///safety.tar.gz",
};

describe("restore", () => {
  it("suspends a live instance, restores the data, resumes it, then completes", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const started = run([restore], backedUp());
    expect(started.emits).toEqual([
      { name: "SuspendRequested", data: { operationId: restore.operationId, operation: "restore" } },
    ]);
    const suspended = run(
      [done(restore.operationId, "compute"), done(restore.operationId, "routing")],
      started.record,
    );
    expect(suspended.emits).toEqual([
      {
        name: "RestoreRequested",
        data: { operationId: restore.operationId, backupId: BACKUP_ID, backup: taken },
      },
    ]);
    const restored = run([done(restore.operationId, "storage", { backup: safety })], suspended.record);
    expect(restored.emits).toEqual([
      { name: "ResumeRequested", data: { operationId: restore.operationId, operation: "restore" } },
    ]);
    const resumed = run(
      [done(restore.operationId, "routing"), done(restore.operationId, "compute")],
      restored.record,
    );
    expect(names(resumed.emits)).toEqual(["RestoreCompleted"]);
    expect(resumed.record?.state).toBe("ACTIVE");
    expect(resumed.record?.operation.status).toBe("COMPLETED");
    expect(resumed.record?.backups.map((backup) => backup.backupId)).toEqual([BACKUP_ID, safety.backupId]);
  });

  it("restores a suspended instance in place and leaves it suspended", () => {
    const suspend = command("suspend");
    const stepOf = (service: Service) =>
      event(
        "OperationStepCompleted",
        { operationId: suspend.operationId, operation: "suspend", service },
        service,
      );
    const suspended = run([suspend, stepOf("compute"), stepOf("routing")], backedUp()).record;
    const restore = command("restore", { backupId: BACKUP_ID });
    const started = run([restore], suspended);
    expect(names(started.emits)).toEqual(["RestoreRequested"]);
    const finished = run([done(restore.operationId, "storage")], started.record);
    expect(names(finished.emits)).toEqual(["RestoreCompleted"]);
    expect(finished.record?.state).toBe("SUSPENDED");
  });

  it("resumes on the pre-restore data when storage fails, then fails with storage's reason", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const afterStorage = run(
      [
        restore,
        done(restore.operationId, "compute"),
        done(restore.operationId, "routing"),
        failedStep(restore.operationId, "storage", "the dump did not load; pre-restore data is back"),
      ],
      backedUp(),
    );
    expect(names(afterStorage.emits)).toEqual(["SuspendRequested", "RestoreRequested", "ResumeRequested"]);
    expect(afterStorage.record?.operation.status).toBe("IN_PROGRESS");
    const finished = run(
      [done(restore.operationId, "compute"), done(restore.operationId, "routing")],
      afterStorage.record,
    );
    expect(finished.emits).toEqual([
      {
        name: "OperationFailed",
        data: {
          operationId: restore.operationId,
          operation: "restore",
          code: "STORAGE.BROKEN",
          reason: "the dump did not load; pre-restore data is back",
        },
      },
    ]);
    expect(finished.record?.state).toBe("ACTIVE");
    expect(finished.record?.operation.status).toBe("FAILED");
  });

  it("skips the restore when the suspend fails, and resumes", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const { emits, record } = run(
      [
        restore,
        failedStep(restore.operationId, "compute", "cannot scale to 0"),
        done(restore.operationId, "routing"),
        done(restore.operationId, "compute"),
        done(restore.operationId, "routing"),
      ],
      backedUp(),
    );
    expect(names(emits)).toEqual(["SuspendRequested", "ResumeRequested", "OperationFailed"]);
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation.failure).toMatchObject({ code: "COMPUTE.BROKEN", reason: "cannot scale to 0" });
  });

  it("leaves the instance SUSPENDED when it cannot be resumed, saying so", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const { emits, record } = run(
      [
        restore,
        done(restore.operationId, "compute"),
        done(restore.operationId, "routing"),
        done(restore.operationId, "storage"),
        done(restore.operationId, "routing"),
        failedStep(restore.operationId, "compute", "no healthy task"),
        undoAnswer(restore.operationId, "SuspendRequested", "compute"),
        undoAnswer(restore.operationId, "SuspendRequested", "routing"),
      ],
      backedUp(),
    );
    // routing had resumed: the undo suspends both sides again
    expect(names(emits).slice(-2)).toEqual(["SuspendRequested", "OperationFailed"]);
    expect(record?.state).toBe("SUSPENDED");
    expect(record?.operation.failure?.reason).toBe("no healthy task");
  });

  it("ignores a repeated step answer and answers of another operation", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const { emits, record } = run(
      [
        restore,
        done(restore.operationId, "compute"),
        done(restore.operationId, "compute"),
        done("3c2b1a09-8f7e-4d6c-9b5a-493827160504", "routing"),
      ],
      backedUp(),
    );
    expect(names(emits)).toEqual(["SuspendRequested"]);
    expect(record?.operation.awaiting).toEqual(["routing"]);
  });

  it("does not take a late answer to the suspend request for the resume", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const lateSuspend = done(restore.operationId, "compute", { answers: "SuspendRequested" });
    const { emits, record } = run(
      [
        restore,
        done(restore.operationId, "compute", { answers: "SuspendRequested" }),
        done(restore.operationId, "routing", { answers: "SuspendRequested" }),
        done(restore.operationId, "storage", { answers: "RestoreRequested" }),
        lateSuspend,
        done(restore.operationId, "routing", { answers: "ResumeRequested" }),
      ],
      backedUp(),
    );
    expect(names(emits)).toEqual(["SuspendRequested", "RestoreRequested", "ResumeRequested"]);
    expect(record?.operation.awaiting).toEqual(["compute"]);
  });

  it("does not resume on data storage could not put back: the instance stays SUSPENDED, saying why", () => {
    const restore = command("restore", { backupId: BACKUP_ID });
    const unsafe = event(
      "OperationStepFailed",
      {
        operationId: restore.operationId,
        operation: "restore",
        service: "storage",
        code: "STORAGE.RESTORE_INCOMPLETE",
        reason: "the load failed and so did putting the safety backup back",
        retryable: false,
        unsafeToResume: true,
      },
      "storage",
    );
    const { emits, record } = run(
      [restore, done(restore.operationId, "compute"), done(restore.operationId, "routing"), unsafe],
      backedUp(),
    );
    expect(names(emits)).toEqual(["SuspendRequested", "RestoreRequested", "OperationFailed"]);
    expect(record?.state).toBe("SUSPENDED");
    expect(record?.operation).toMatchObject({
      status: "FAILED",
      failure: { code: "STORAGE.RESTORE_INCOMPLETE" },
    });
  });
});
