import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, stepFailed, undoAnswer } from "../testing/lifecycleSteps.ts";
import { command, names, run } from "../testing/scenario.ts";
import type { InstanceRecord } from "./instance.ts";
import { undoOperationId } from "./undoOperationId.ts";

/** A SUSPENDED instance, suspended through a completed suspend. */
function suspendedInstance(): InstanceRecord {
  const suspend = command("suspend");
  const { record } = run(
    [
      suspend,
      stepDone(suspend.operationId, "suspend", "compute"),
      stepDone(suspend.operationId, "suspend", "routing"),
    ],
    activeInstance(),
  );
  if (record?.state !== "SUSPENDED") throw new Error("not suspended");
  return record;
}

describe("a suspend that half succeeded", () => {
  const suspend = command("suspend");
  const half = run(
    [
      suspend,
      stepDone(suspend.operationId, "suspend", "compute"),
      stepFailed(suspend.operationId, "suspend", "routing", "no maintenance rule"),
    ],
    activeInstance(),
  );

  it("given compute scaled to 0 and routing failed, then both are asked to resume under the undo's own id", () => {
    expect(half.emits.at(-1)).toEqual({
      name: "ResumeRequested",
      data: { operationId: undoOperationId(suspend.operationId) },
    });
    expect(half.record?.operation).toMatchObject({
      status: "IN_PROGRESS",
      awaiting: ["compute", "routing"],
      undo: { operationId: undoOperationId(suspend.operationId), failures: [] },
    });
    expect(half.record?.state).toBe("ACTIVE");
  });

  it("when both confirm the undo, then the suspend FAILED with routing's reason and the instance is ACTIVE", () => {
    const { record, emits } = run(
      [
        undoAnswer(suspend.operationId, "ResumeRequested", "routing"),
        undoAnswer(suspend.operationId, "ResumeRequested", "compute"),
      ],
      half.record,
    );
    expect(emits).toEqual([
      {
        name: "OperationFailed",
        data: {
          operationId: suspend.operationId,
          operation: "suspend",
          code: "ROUTING.BROKEN",
          reason: "no maintenance rule",
        },
      },
    ]);
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation.status).toBe("FAILED");
    expect(record?.operation.undo).toBeUndefined();
  });

  it("when one side confirms, then it still waits for the other", () => {
    const { record, emits } = run(
      [undoAnswer(suspend.operationId, "ResumeRequested", "compute")],
      half.record,
    );
    expect(emits).toEqual([]);
    expect(record?.operation).toMatchObject({ status: "IN_PROGRESS", awaiting: ["routing"] });
  });

  it("when compute cannot resume, then it is flagged INCONSISTENT, recorded SUSPENDED, and resume is the repair", () => {
    const { record, emits } = run(
      [
        undoAnswer(suspend.operationId, "ResumeRequested", "compute", "no capacity"),
        undoAnswer(suspend.operationId, "ResumeRequested", "routing"),
      ],
      half.record,
    );
    const reason =
      "suspend failed (routing ROUTING.BROKEN: no maintenance rule) and undoing it failed too " +
      "(compute COMPUTE.BROKEN: no capacity); recorded SUSPENDED: run resume once the cause is fixed";
    expect(emits).toEqual([
      {
        name: "OperationFailed",
        data: { operationId: suspend.operationId, operation: "suspend", code: "LEDGER.INCONSISTENT", reason },
      },
      {
        name: "InstanceInconsistent",
        data: {
          operationId: suspend.operationId,
          operation: "suspend",
          services: ["compute"],
          code: "LEDGER.INCONSISTENT",
          reason,
          state: "SUSPENDED",
          repair: "resume",
        },
      },
    ]);
    expect(record?.state).toBe("SUSPENDED");
    expect(record?.operation).toMatchObject({
      status: "FAILED",
      failure: { code: "LEDGER.INCONSISTENT", service: "compute" },
    });
    expect(run([command("resume")], record).last.rejection).toBeUndefined();
  });

  it("when a late answer to the suspend itself arrives, then it is not taken for the undo's", () => {
    const late = run([stepDone(suspend.operationId, "suspend", "routing")], half.record);
    expect(late.record).toBe(half.record);
    expect(late.emits).toEqual([]);
  });

  it("when both sides failed, then it is undone all the same", () => {
    const both = command("suspend");
    const { emits } = run(
      [
        both,
        stepFailed(both.operationId, "suspend", "routing", "r"),
        stepFailed(both.operationId, "suspend", "compute", "c"),
      ],
      activeInstance(),
    );
    expect(names(emits)).toEqual(["SuspendRequested", "ResumeRequested"]);
  });
});

describe("a resume that half succeeded", () => {
  it("given compute failed and routing resumed, then both suspend again and it FAILED, still SUSPENDED", () => {
    const resume = command("resume");
    const { record, emits } = run(
      [
        resume,
        stepFailed(resume.operationId, "resume", "compute", "no healthy task"),
        stepDone(resume.operationId, "resume", "routing"),
        undoAnswer(resume.operationId, "SuspendRequested", "compute"),
        undoAnswer(resume.operationId, "SuspendRequested", "routing"),
      ],
      suspendedInstance(),
    );
    expect(names(emits)).toEqual(["ResumeRequested", "SuspendRequested", "OperationFailed"]);
    expect(emits[1]?.data).toEqual({ operationId: undoOperationId(resume.operationId) });
    expect(record?.state).toBe("SUSPENDED");
    expect(record?.operation.failure).toMatchObject({ code: "COMPUTE.BROKEN", reason: "no healthy task" });
  });

  it("given the undo failed on routing, then it is flagged INCONSISTENT and stays SUSPENDED for a resume", () => {
    const resume = command("resume");
    const { record, emits } = run(
      [
        resume,
        stepDone(resume.operationId, "resume", "compute"),
        stepFailed(resume.operationId, "resume", "routing", "rule gone"),
        undoAnswer(resume.operationId, "SuspendRequested", "routing", "still gone"),
        undoAnswer(resume.operationId, "SuspendRequested", "compute"),
      ],
      suspendedInstance(),
    );
    expect(names(emits).slice(-2)).toEqual(["OperationFailed", "InstanceInconsistent"]);
    expect(emits.at(-1)?.data).toMatchObject({ services: ["routing"], state: "SUSPENDED", repair: "resume" });
    expect(record?.state).toBe("SUSPENDED");
  });
});
