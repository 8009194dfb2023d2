import { describe, expect, it } from "vitest";
import { parseOrphanScanRequest } from "../../infra/lambdas/orphanScan.ts";

describe("the orphan scan Lambda's requests", () => {
  it("scans for the schedule's payload and for any event without an action", () => {
    expect(parseOrphanScanRequest({ action: "scan" })).toEqual({ action: "scan" });
    expect(parseOrphanScanRequest({ "detail-type": "Scheduled Event", source: "aws.events" })).toEqual({
      action: "scan",
    });
    expect(parseOrphanScanRequest(undefined)).toEqual({ action: "scan" });
  });

  it("cleans up as a dry run unless told otherwise", () => {
    expect(parseOrphanScanRequest({ action: "cleanup" })).toEqual({ action: "cleanup", dryRun: true });
    expect(parseOrphanScanRequest({ action: "cleanup", dryRun: false })).toEqual({
      action: "cleanup",
      dryRun: false,
    });
  });

  it("refuses an unknown action", () => {
    expect(() => parseOrphanScanRequest({ action: "delete-everything" })).toThrow();
  });
});
