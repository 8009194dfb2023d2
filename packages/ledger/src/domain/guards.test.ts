import { describe, expect, it } from "vitest";
import { activeInstance, stepDone } from "../testing/lifecycleSteps.ts";
import { run } from "../testing/scenario.ts";
import type { InstanceRecord, OperationParams, OperationRecord } from "./instance.ts";
import { stageRequest } from "./stageRequest.ts";
import { sweepStuck } from "./sweepStuck.ts";

const OPERATION_ID = "8d7c6b5a-4938-4271-8605-f4e3d2c1b0a9";

/** The ACTIVE instance with `kind` running, as a record the store might hand back. */
function running(
  kind: OperationRecord["kind"],
  params: OperationParams,
  extra: Partial<OperationRecord> = {},
) {
  const record = activeInstance();
  const operation: OperationRecord = {
    ...record.operation,
    operationId: OPERATION_ID,
    kind,
    status: "IN_PROGRESS",
    stage: 0,
    awaiting: ["compute"],
    params,
    ...extra,
  };
  return { ...record, operation } satisfies InstanceRecord;
}

/** A record that lost what its operation needs fails loudly instead of asking a service for nothing. */
describe("guards against a record that lost its operation's parameters", () => {
  it.each([
    ["scale", "has no desiredCount"],
    ["updateImage", "has no wordpress"],
    ["backup", "has no backupId"],
    ["provision", "provision is not carried out by lifecycle stages"],
    ["deprovision", "deprovision is not carried out by lifecycle stages"],
  ] as const)("given a %s without its parameters, then its request is refused", (kind, message) => {
    expect(() => stageRequest(running(kind, {}))).toThrow(message);
  });

  it("given a restore of a backup the instance does not hold, then its request is refused", () => {
    const record = running("restore", { backupId: "0f1e2d3c-4b5a-4697-8877-665544332211" }, { stage: 1 });
    expect(() => stageRequest(record)).toThrow(`restore ${OPERATION_ID}: backup 0f1e2d3c`);
  });

  it("given a backup step completed without its result, then the ledger refuses to report it done", () => {
    const record = running(
      "backup",
      { backupId: "0f1e2d3c-4b5a-4697-8877-665544332211" },
      { awaiting: ["storage"] },
    );
    expect(() => run([stepDone(OPERATION_ID, "backup", "storage")], record)).toThrow(
      "backup 0f1e2d3c-4b5a-4697-8877-665544332211 completed without a result",
    );
  });

  it("given a restore that lost its backupId, when its last stage completes, then it is refused", () => {
    const record = running("restore", {}, { stage: 2, awaiting: ["routing"] });
    expect(() => run([stepDone(OPERATION_ID, "restore", "routing")], record)).toThrow(
      `restore ${OPERATION_ID} has no backupId`,
    );
  });
});

describe("the stuck sweep's edges", () => {
  it("given an operation exactly at its deadline, then it is not stuck yet", () => {
    const record = running("restart", {});
    expect(sweepStuck(record, record.operation.deadlineAt).record).toBe(record);
  });

  it("given a finished operation long past its deadline, then it is never marked stuck", () => {
    for (const status of ["COMPLETED", "FAILED"] as const) {
      const record = running("restart", {}, { status });
      expect(sweepStuck(record, "2099-01-01T00:00:00.000Z")).toEqual({ record, emits: [] });
    }
  });

  it("given a PENDING or IN_PROGRESS operation past its deadline, then it is marked stuck", () => {
    for (const status of ["PENDING", "IN_PROGRESS"] as const) {
      const record = running("restart", {}, { status });
      expect(sweepStuck(record, "2099-01-01T00:00:00.000Z").record?.operation.status).toBe("STUCK");
    }
  });
});
