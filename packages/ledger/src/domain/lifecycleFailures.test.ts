import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, stepFailed } from "../testing/lifecycleSteps.ts";
import { command, names, run } from "../testing/scenario.ts";
import { sweepStuck } from "./sweepStuck.ts";

describe("a lifecycle operation's failures and late answers", () => {
  it("given a suspend, when compute fails, then it waits for routing before it compensates", () => {
    const suspend = command("suspend");
    const { record, emits } = run(
      [suspend, stepFailed(suspend.operationId, "suspend", "compute", "cannot scale to 0")],
      activeInstance(),
    );
    expect(names(emits)).toEqual(["SuspendRequested"]);
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation).toMatchObject({
      status: "IN_PROGRESS",
      awaiting: ["routing"],
      failure: { code: "COMPUTE.BROKEN", reason: "cannot scale to 0", service: "compute", stage: 0 },
    });
  });

  it("given a completed suspend, when a stale failure of it arrives, then nothing changes", () => {
    const suspend = command("suspend");
    const done = run(
      [
        suspend,
        stepDone(suspend.operationId, "suspend", "compute"),
        stepDone(suspend.operationId, "suspend", "routing"),
      ],
      activeInstance(),
    );
    expect(done.record?.operation.status).toBe("COMPLETED");
    const stale = run([stepFailed(suspend.operationId, "suspend", "routing", "late")], done.record);
    expect(stale.record).toBe(done.record);
    expect(stale.emits).toEqual([]);
  });

  it("given an instance scaled to 3, when a restart completes, then the spec keeps its count and size", () => {
    const scale = command("scale", { desiredCount: 3 });
    const scaled = run([scale, stepDone(scale.operationId, "scale", "compute")], activeInstance()).record;
    const restart = command("restart");
    const { record, emits } = run([restart, stepDone(restart.operationId, "restart", "compute")], scaled);
    expect(emits).toEqual([
      { name: "RestartRequested", data: { operationId: restart.operationId } },
      { name: "InstanceRestarted", data: { operationId: restart.operationId } },
    ]);
    expect(record?.spec).toEqual(scaled?.spec);
    expect(record?.spec.desiredCount).toBe(3);
  });

  it("given a scale with a size, then both are requested and recorded", () => {
    const scale = command("scale", { desiredCount: 2, size: "large" });
    const { record, emits } = run([scale, stepDone(scale.operationId, "scale", "compute")], activeInstance());
    expect(emits[0]).toEqual({
      name: "ScaleRequested",
      data: { operationId: scale.operationId, desiredCount: 2, size: "large" },
    });
    expect(record?.spec).toMatchObject({ desiredCount: 2, size: "large" });
  });

  it("given a STUCK suspend, then a new command is refused and a late report still finishes it", () => {
    const suspend = command("suspend");
    const started = run([suspend], activeInstance()).record;
    if (!started) throw new Error("no record");
    const stuck = sweepStuck(started, "2026-11-22T10:02:01.000Z").record;
    expect(stuck?.operation.status).toBe("STUCK");
    expect(run([command("restart")], stuck).last.rejection).toMatchObject({
      code: "LEDGER.OPERATION_IN_PROGRESS",
      allowed: [],
    });
    // It stays STUCK, for the operator to see, until it finishes.
    const half = run([stepDone(suspend.operationId, "suspend", "compute")], stuck);
    expect(half.record?.operation).toMatchObject({ status: "STUCK", awaiting: ["routing"] });
    const late = run([stepDone(suspend.operationId, "suspend", "routing")], half.record);
    expect(names(late.emits)).toEqual(["InstanceSuspended"]);
    expect(late.record?.state).toBe("SUSPENDED");
    expect(late.record?.operation.status).toBe("COMPLETED");
  });
});
