import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, stepFailed } from "../testing/lifecycleSteps.ts";
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

  it("given a failed restore, when its resume fails too, then it fails with both reasons and stays SUSPENDED", () => {
    const restore = command("restore", { backupId: OWN_BACKUP });
    const { record, emits } = run(
      [
        restore,
        stepDone(restore.operationId, "restore", "compute"),
        stepDone(restore.operationId, "restore", "routing"),
        stepFailed(restore.operationId, "restore", "storage", "the dump did not load"),
        stepDone(restore.operationId, "restore", "routing"),
        stepFailed(restore.operationId, "restore", "compute", "no healthy task"),
      ],
      backedUp(),
    );
    const reason = "no healthy task (after an earlier failure: the dump did not load)";
    expect(names(emits)).toEqual([
      "SuspendRequested",
      "RestoreRequested",
      "ResumeRequested",
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
});
