import type { CleanupReport } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { createMemoryCleanupRecords } from "../adapters/memory/createMemoryCleanupRecords.ts";
import { runRecordedCleanup } from "./runRecordedCleanup.ts";

const request = {
  cleanupId: "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b",
  dryRun: false,
  requestedAt: "2026-11-22T10:00:00.000Z",
};
const clock = () => new Date("2026-11-22T10:04:00.000Z");
const report: CleanupReport = { scanId: "s-1", dryRun: false, orphans: [], removed: [], failed: [] };

describe("runRecordedCleanup", () => {
  it("runs the cleanup with the request's dry-run flag and records COMPLETED with the report", async () => {
    const records = createMemoryCleanupRecords();
    const asked: boolean[] = [];
    const scanner = {
      cleanup: async ({ dryRun }: { dryRun: boolean }) => {
        asked.push(dryRun);
        return report;
      },
    };
    await runRecordedCleanup({ scanner, records, clock }, request);
    expect(asked).toEqual([false]);
    expect(await records.get(request.cleanupId)).toEqual({
      ...request,
      status: "COMPLETED",
      finishedAt: "2026-11-22T10:04:00.000Z",
      report,
    });
  });

  it("records FAILED with the reason instead of throwing (an async invocation would retry)", async () => {
    const records = createMemoryCleanupRecords();
    const scanner = {
      cleanup: async () => {
        throw new Error("RDS unreachable");
      },
    };
    const record = await runRecordedCleanup({ scanner, records, clock }, request);
    expect(record).toMatchObject({ status: "FAILED", error: "RDS unreachable" });
    expect(await records.get(request.cleanupId)).toEqual(record);
  });
});
