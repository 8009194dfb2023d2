import { describe, expect, it } from "vitest";
import { provisionCommand, ready, run } from "../testing/scenario.ts";
import { sweepStuck } from "./sweepStuck.ts";

describe("stuck detection", () => {
  it("marks an operation past its deadline STUCK once, and a late report still completes it", () => {
    const { record } = run([provisionCommand()]);
    if (!record) throw new Error("no record");
    expect(sweepStuck(record, "2026-11-22T10:14:59.000Z").emits).toEqual([]);
    const stuck = sweepStuck(record, "2026-11-22T10:15:01.000Z");
    expect(stuck.record?.operation.status).toBe("STUCK");
    expect(stuck.emits).toEqual([
      {
        name: "OperationStuck",
        data: {
          operationId: record.operation.operationId,
          operation: "provision",
          startedAt: record.operation.requestedAt,
          deadlineAt: record.operation.deadlineAt,
        },
      },
    ]);
    expect(sweepStuck(stuck.record ?? record, "2026-11-22T10:20:00.000Z").emits).toEqual([]);
    const late = run(
      [ready.identity(), ready.storage(), ready.routing(), ready.compute(), ready.healthy()],
      stuck.record,
    );
    expect(late.record?.state).toBe("ACTIVE");
    expect(late.record?.operation.status).toBe("COMPLETED");
  });
});
