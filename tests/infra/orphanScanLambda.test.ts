import { describe, expect, it } from "vitest";
import { parseOrphanScanRequest } from "../../infra/lambdas/orphanScan.ts";

describe("the orphan scan Lambda's requests", () => {
  it("scans for the schedule's payload and for any event without an action", () => {
    const scheduled = { action: "scan", publish: true };
    expect(parseOrphanScanRequest({ action: "scan" })).toEqual(scheduled);
    expect(parseOrphanScanRequest({ "detail-type": "Scheduled Event", source: "aws.events" })).toEqual(
      scheduled,
    );
    expect(parseOrphanScanRequest(undefined)).toEqual(scheduled);
    expect(parseOrphanScanRequest({ action: "scan", publish: false })).toEqual({
      action: "scan",
      publish: false,
    });
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
