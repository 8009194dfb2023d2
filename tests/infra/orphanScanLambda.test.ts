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

  it("cleans up as a dry run unless told otherwise, under the API's cleanup id", () => {
    const asked = {
      cleanupId: "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b",
      requestedAt: "2026-11-22T10:00:00.000Z",
    };
    expect(parseOrphanScanRequest({ action: "cleanup", ...asked })).toEqual({
      action: "cleanup",
      dryRun: true,
      ...asked,
    });
    expect(parseOrphanScanRequest({ action: "cleanup", dryRun: false, ...asked })).toMatchObject({
      dryRun: false,
    });
    // Without an id the outcome could not be recorded for anyone to read.
    expect(() => parseOrphanScanRequest({ action: "cleanup" })).toThrow(/cleanupId/);
  });

  it("refuses an unknown action", () => {
    expect(() => parseOrphanScanRequest({ action: "delete-everything" })).toThrow();
  });
});
