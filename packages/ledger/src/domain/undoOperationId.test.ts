import { OperationIdSchema } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { sampleRecord } from "../testing/sampleRecords.ts";
import { compensate } from "./compensate.ts";
import { undoOperationId } from "./undoOperationId.ts";

describe("undoOperationId", () => {
  it("derives the same id for the same operation: SHA-1 of `undo:{id}` in the UUID v5 layout", () => {
    // Computed once with the definition's recipe; a replay must derive exactly this id.
    expect(undoOperationId("0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f")).toBe(
      "3776cdb1-a32f-55f2-a3eb-1bba65bf0243",
    );
  });

  it("is an operation id the contracts accept, different for each operation", () => {
    const first = undoOperationId("0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f");
    const second = undoOperationId("1d2c3b4a-5f6e-4d8c-9b0a-000000000002");
    expect(OperationIdSchema.parse(first)).toBe(first);
    expect(second).not.toBe(first);
  });
});

describe("compensate refuses what it cannot compensate", () => {
  const failure = { code: "COMPUTE.X", reason: "refused", service: "compute" };

  it("an operation that has not failed", () => {
    const record = sampleRecord();
    expect(() => compensate({ ...record, operation: { ...record.operation, kind: "suspend" } })).toThrow(
      "has nothing to compensate",
    );
  });

  it.each(["provision", "deprovision"] as const)("%s: it compensates by release", (kind) => {
    const record = sampleRecord();
    expect(() => compensate({ ...record, operation: { ...record.operation, kind, failure } })).toThrow(
      `${kind} compensates by release`,
    );
  });
});
