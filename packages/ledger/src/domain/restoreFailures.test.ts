import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, stepFailed, undoAnswer } from "../testing/lifecycleSteps.ts";
import { command, names, run } from "../testing/scenario.ts";
import type { InstanceRecord } from "./instance.ts";

const OWN_BACKUP = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
const OTHER_BACKUP = "7c6b5a49-3827-4160-9504-a3b2c1d0e9f8";

/** An ACTIVE instance holding one backup of its own. */
function backedUp(): InstanceRecord {
  const backup = command("backup", { backupId: OWN_BACKUP });
  const taken = {
    backupId: OWN_BACKUP,
    location: "file:///backups/acme/b.tar.gz",
    sha256: "a".repeat(64),
    sizeBytes: 10,
    takenAt: "2026-11-22T10:00:00.000Z",
  };
  const { record } = run(
    [backup, stepDone(backup.operationId, "backup", "storage", { backup: taken })],
    activeInstance(),
  );
  if (!record) throw new Error("no record");
  return record;
}

describe("a restore's failures", () => {
  it("given an instance with a backup of its own, when a restore names another backup, then it is refused", () => {
    const instance = backedUp();
    const { last } = run([command("restore", { backupId: OTHER_BACKUP })], instance);
    expect(last.record).toBe(instance);
    expect(last.emits).toEqual([]);
    expect(last.rejection).toMatchObject({
      code: "LEDGER.BACKUP_NOT_FOUND",
      message: `backup ${OTHER_BACKUP} does not belong to instance ${instance.instanceId}`,
    });
  });

  it("given a suspend stage where compute failed, then the resume waits for routing's answer too", () => {
    const restore = command("restore", { backupId: OWN_BACKUP });
    const computeFailed = run(
      [restore, stepFailed(restore.operationId, "restore", "compute", "cannot scale to 0")],
      backedUp(),
    );
    expect(names(computeFailed.emits)).toEqual(["SuspendRequested"]);
    expect(computeFailed.record?.operation).toMatchObject({
      status: "IN_PROGRESS",
      stage: 0,
      awaiting: ["routing"],
      failure: { code: "COMPUTE.BROKEN", stage: 0 },
    });
    const routingDone = run([stepDone(restore.operationId, "restore", "routing")], computeFailed.record);
    expect(names(routingDone.emits)).toEqual(["ResumeRequested"]);
    expect(routingDone.record?.operation).toMatchObject({ stage: 2, awaiting: ["compute", "routing"] });
  });

  it("given a failed restore, when its resume fails too, then both sides are suspended again and it fails with both reasons", () => {
    const restore = command("restore", { backupId: OWN_BACKUP });
    const { record, emits } = run(
      [
        restore,
        stepDone(restore.operationId, "restore", "compute"),
        stepDone(restore.operationId, "restore", "routing"),
        stepFailed(restore.operationId, "restore", "storage", "the dump did not load"),
        stepDone(restore.operationId, "restore", "routing"),
        stepFailed(restore.operationId, "restore", "compute", "no healthy task"),
        undoAnswer(restore.operationId, "SuspendRequested", "routing"),
        undoAnswer(restore.operationId, "SuspendRequested", "compute"),
      ],
      backedUp(),
    );
    const reason = "no healthy task (after an earlier failure: the dump did not load)";
    expect(names(emits)).toEqual([
      "SuspendRequested",
      "RestoreRequested",
      "ResumeRequested",
      "SuspendRequested",
      "OperationFailed",
    ]);
    expect(emits.at(-1)?.data).toEqual({
      operationId: restore.operationId,
      operation: "restore",
      code: "COMPUTE.BROKEN",
      reason,
    });
    expect(record?.state).toBe("SUSPENDED");
    expect(record?.operation).toMatchObject({
      status: "FAILED",
      failure: { code: "COMPUTE.BROKEN", reason, service: "compute", stage: 2 },
    });
  });

  it("given a failed restore stage, when the resume's first service fails, then the second is still awaited", () => {
    const restore = command("restore", { backupId: OWN_BACKUP });
    const { record, emits } = run(
      [
        restore,
        stepDone(restore.operationId, "restore", "compute"),
        stepDone(restore.operationId, "restore", "routing"),
        stepFailed(restore.operationId, "restore", "storage", "the dump did not load"),
        stepFailed(restore.operationId, "restore", "compute", "no healthy task"),
      ],
      backedUp(),
    );
    expect(names(emits)).toEqual(["SuspendRequested", "RestoreRequested", "ResumeRequested"]);
    expect(record?.operation).toMatchObject({ status: "IN_PROGRESS", awaiting: ["routing"] });
  });

  it("given a resume stage that half succeeded, when suspending both again fails, then it is flagged INCONSISTENT", () => {
    const restore = command("restore", { backupId: OWN_BACKUP });
    const { record, emits } = run(
      [
        restore,
        stepDone(restore.operationId, "restore", "compute"),
        stepDone(restore.operationId, "restore", "routing"),
        stepDone(restore.operationId, "restore", "storage"),
        stepDone(restore.operationId, "restore", "compute"),
        stepFailed(restore.operationId, "restore", "routing", "rule gone"),
        undoAnswer(restore.operationId, "SuspendRequested", "compute", "cannot scale to 0"),
        undoAnswer(restore.operationId, "SuspendRequested", "routing"),
      ],
      backedUp(),
    );
    expect(names(emits).slice(-3)).toEqual(["SuspendRequested", "OperationFailed", "InstanceInconsistent"]);
    expect(emits.at(-1)?.data).toMatchObject({ services: ["compute"], state: "SUSPENDED", repair: "resume" });
    expect(record?.state).toBe("SUSPENDED");
    expect(record?.operation.failure?.code).toBe("LEDGER.INCONSISTENT");
  });

  it("given a suspended instance, when its in-place restore fails, then nothing is undone and it stays SUSPENDED", () => {
    const suspend = command("suspend");
    const suspended = run(
      [
        suspend,
        stepDone(suspend.operationId, "suspend", "compute"),
        stepDone(suspend.operationId, "suspend", "routing"),
      ],
      backedUp(),
    ).record;
    const restore = command("restore", { backupId: OWN_BACKUP });
    const { record, emits } = run(
      [restore, stepFailed(restore.operationId, "restore", "storage", "the dump did not load")],
      suspended,
    );
    expect(names(emits)).toEqual(["RestoreRequested", "OperationFailed"]);
    expect(record?.state).toBe("SUSPENDED");
  });
});
