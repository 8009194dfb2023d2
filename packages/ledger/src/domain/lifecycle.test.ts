import { describe, expect, it } from "vitest";
import { activeInstance, stepDone } from "../testing/lifecycleSteps.ts";
import { command, event, names, run } from "../testing/scenario.ts";

describe("lifecycle operations", () => {
  it("suspends once compute and routing both report, then resumes", () => {
    const suspend = command("suspend");
    const started = run([suspend], activeInstance());
    expect(names(started.emits)).toEqual(["SuspendRequested"]);
    const half = run([stepDone(suspend.operationId, "suspend", "compute")], started.record);
    expect(half.record?.state).toBe("ACTIVE");
    expect(half.record?.operation.status).toBe("IN_PROGRESS");
    const done = run([stepDone(suspend.operationId, "suspend", "routing")], half.record);
    expect(done.record?.state).toBe("SUSPENDED");
    expect(names(done.emits)).toEqual(["InstanceSuspended"]);

    const resume = command("resume");
    const resumed = run(
      [
        resume,
        stepDone(resume.operationId, "resume", "compute"),
        stepDone(resume.operationId, "resume", "routing"),
      ],
      done.record,
    );
    expect(resumed.record?.state).toBe("ACTIVE");
    expect(names(resumed.emits)).toEqual(["ResumeRequested", "InstanceResumed"]);
  });

  it("rejects a transition the state forbids, listing the allowed ones", () => {
    const { last } = run([command("resume")], activeInstance());
    expect(last.rejection).toMatchObject({
      code: "LEDGER.TRANSITION_FORBIDDEN",
      allowed: expect.arrayContaining(["suspend", "deprovision"]),
    });
  });

  it("rejects a second operation while one is running", () => {
    const { last } = run([command("suspend"), command("restart")], activeInstance());
    expect(last.rejection?.code).toBe("LEDGER.OPERATION_IN_PROGRESS");
  });

  it("scales and records the new count", () => {
    const scale = command("scale", { desiredCount: 4 });
    const { record, emits } = run([scale, stepDone(scale.operationId, "scale", "compute")], activeInstance());
    expect(record?.spec.desiredCount).toBe(4);
    expect(emits.at(-1)).toEqual({
      name: "InstanceScaled",
      data: { operationId: scale.operationId, desiredCount: 4 },
    });
  });

  it("given an ACTIVE instance, when an image update completes, then the spec carries the new image", () => {
    const wordpress = { version: "6.5.2", image: "wordpress:6.5.2-php8.2-apache" };
    const update = command("updateImage", { wordpress });
    const started = run([update], activeInstance());
    expect(started.emits).toEqual([
      { name: "ImageUpdateRequested", data: { operationId: update.operationId, wordpress } },
    ]);
    expect(started.record?.spec.wordpress).not.toEqual(wordpress);
    const done = run(
      [
        event(
          "OperationStepCompleted",
          { operationId: update.operationId, operation: "updateImage", service: "compute" },
          "compute",
        ),
      ],
      started.record,
    );
    expect(done.emits).toEqual([
      { name: "InstanceImageUpdated", data: { operationId: update.operationId, wordpress } },
    ]);
    expect(done.record?.spec).toEqual({ ...started.record?.spec, wordpress });
    expect(done.record?.state).toBe("ACTIVE");
    expect(done.record?.operation.status).toBe("COMPLETED");
  });

  it("given no instance, when an operation is asked for, then it is refused as not found", () => {
    const resume = command("resume");
    const { record, last } = run([resume]);
    expect(record).toBeNull();
    expect(last.emits).toEqual([]);
    expect(last.rejection).toEqual({
      code: "LEDGER.INSTANCE_NOT_FOUND",
      message: `no instance ${resume.instanceId}`,
      allowed: [],
    });
  });

  it("fails an operation on a failed step, keeping the state", () => {
    const restart = command("restart");
    const failure = {
      operationId: restart.operationId,
      operation: "restart" as const,
      service: "compute" as const,
      code: "COMPUTE.SERVICE_NOT_FOUND",
      reason: "gone",
      retryable: false,
    };
    const { record, emits } = run(
      [restart, event("OperationStepFailed", failure, "compute")],
      activeInstance(),
    );
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation.status).toBe("FAILED");
    expect(names(emits)).toEqual(["RestartRequested", "OperationFailed"]);
  });

  it("ignores a step of another operation", () => {
    const suspend = command("suspend");
    const { record } = run(
      [suspend, stepDone("3f2504e0-4f89-41d3-9a0c-0305e82c3301", "suspend", "compute")],
      activeInstance(),
    );
    expect(record?.operation.awaiting).toEqual(["compute", "routing"]);
  });

  it("restores only a backup of this instance", () => {
    const backupId = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    const refused = run([command("restore", { backupId })], activeInstance());
    expect(refused.last.rejection?.code).toBe("LEDGER.BACKUP_NOT_FOUND");

    const backup = command("backup", { backupId });
    const taken = {
      backupId,
      location: "file:///b.tar.gz",
      sha256: "a".repeat(64),
      sizeBytes: 10,
      takenAt: "2026-11-22T10:00:00.000Z",
    };
    const backedUp = run(
      [
        backup,
        event(
          "OperationStepCompleted",
          { operationId: backup.operationId, operation: "backup", service: "storage", backup: taken },
          "storage",
        ),
      ],
      activeInstance(),
    );
    expect(backedUp.emits.at(-1)).toMatchObject({ name: "BackupCompleted", data: { backup: taken } });
    expect(run([command("restore", { backupId })], backedUp.record).last.rejection).toBeUndefined();
  });
});
