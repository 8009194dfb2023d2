import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, stepFailed, undoAnswer } from "../testing/lifecycleSteps.ts";
import { command, names, run } from "../testing/scenario.ts";
import { undoOperationId } from "./undoOperationId.ts";

const NEW_IMAGE = { version: "6.5.0", image: "wordpress:6.5.0-php8.2-apache" };

describe("a compute-only operation that failed", () => {
  it("given a scale with a size that failed, then compute is asked back to the recorded count and size", () => {
    const instance = activeInstance();
    const scale = command("scale", { desiredCount: 3, size: "large" });
    const { record, emits } = run(
      [scale, stepFailed(scale.operationId, "scale", "compute", "revision registered, service not updated")],
      instance,
    );
    expect(emits.at(-1)).toEqual({
      name: "ScaleRequested",
      data: {
        operationId: undoOperationId(scale.operationId),
        desiredCount: instance.spec.desiredCount,
        size: instance.spec.size,
      },
    });
    expect(record?.operation).toMatchObject({ status: "IN_PROGRESS", awaiting: ["compute"] });
  });

  it("given a count-only scale that failed, then the undo asks for the count alone", () => {
    const scale = command("scale", { desiredCount: 3 });
    const { emits } = run([scale, stepFailed(scale.operationId, "scale", "compute", "x")], activeInstance());
    expect(emits.at(-1)?.data).toEqual({ operationId: undoOperationId(scale.operationId), desiredCount: 1 });
  });

  it("given the scale's undo confirmed, then it FAILED with compute's reason and the spec is unchanged", () => {
    const instance = activeInstance();
    const scale = command("scale", { desiredCount: 3 });
    const { record, emits } = run(
      [
        scale,
        stepFailed(scale.operationId, "scale", "compute", "no capacity"),
        undoAnswer(scale.operationId, "ScaleRequested", "compute"),
      ],
      instance,
    );
    expect(names(emits)).toEqual(["ScaleRequested", "ScaleRequested", "OperationFailed"]);
    expect(emits.at(-1)?.data).toMatchObject({ code: "COMPUTE.BROKEN", reason: "no capacity" });
    expect(record?.state).toBe("ACTIVE");
    expect(record?.spec).toEqual(instance.spec);
  });

  it("given a late answer to the failed scale itself, then it is not taken for the undo's", () => {
    const scale = command("scale", { desiredCount: 3 });
    const undoing = run([scale, stepFailed(scale.operationId, "scale", "compute", "x")], activeInstance());
    const late = run(
      [stepDone(scale.operationId, "scale", "compute", { answers: "ScaleRequested" })],
      undoing.record,
    );
    expect(late.record).toBe(undoing.record);
  });

  it("given the scale's undo failed too, then it is flagged INCONSISTENT and stays ACTIVE with scale as the repair", () => {
    const scale = command("scale", { desiredCount: 3 });
    const { record, emits } = run(
      [
        scale,
        stepFailed(scale.operationId, "scale", "compute", "x"),
        undoAnswer(scale.operationId, "ScaleRequested", "compute", "y"),
      ],
      activeInstance(),
    );
    expect(names(emits).slice(-2)).toEqual(["OperationFailed", "InstanceInconsistent"]);
    expect(emits.at(-1)?.data).toMatchObject({ services: ["compute"], state: "ACTIVE", repair: "scale" });
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation.failure?.code).toBe("LEDGER.INCONSISTENT");
  });

  it("given an image update that failed, then compute is asked for the recorded image, and a confirmed undo fails it", () => {
    const instance = activeInstance();
    const update = command("updateImage", { wordpress: NEW_IMAGE });
    const { record, emits } = run(
      [
        update,
        stepFailed(update.operationId, "updateImage", "compute", "circuit breaker"),
        undoAnswer(update.operationId, "ImageUpdateRequested", "compute"),
      ],
      instance,
    );
    expect(emits[1]).toEqual({
      name: "ImageUpdateRequested",
      data: { operationId: undoOperationId(update.operationId), wordpress: instance.spec.wordpress },
    });
    expect(names(emits).at(-1)).toBe("OperationFailed");
    expect(record?.spec.wordpress).toEqual(instance.spec.wordpress);
  });

  it("given a restart that failed, then there is nothing to undo: it FAILED at once", () => {
    const restart = command("restart");
    const { record, emits } = run(
      [restart, stepFailed(restart.operationId, "restart", "compute", "deployment failed")],
      activeInstance(),
    );
    expect(names(emits)).toEqual(["RestartRequested", "OperationFailed"]);
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation.status).toBe("FAILED");
  });

  it("given a backup that failed, then there is nothing to undo and no backup is recorded", () => {
    const backupId = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";
    const backup = command("backup", { backupId });
    const { record, emits } = run(
      [backup, stepFailed(backup.operationId, "backup", "storage", "dump failed")],
      activeInstance(),
    );
    expect(names(emits)).toEqual(["BackupRequested", "OperationFailed"]);
    expect(record?.backups).toEqual([]);
    expect(record?.state).toBe("ACTIVE");
  });
});
