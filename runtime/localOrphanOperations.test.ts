import type { CleanupReport } from "@bbws/contracts";
import type { OrphanScanner } from "@bbws/ledger";
import { silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { createLocalOrphanOperations } from "./localOrphanOperations.ts";

const report: CleanupReport = { scanId: "s-1", dryRun: true, orphans: [], removed: [], failed: [] };
const request = {
  cleanupId: "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b",
  dryRun: true,
  requestedAt: "2026-11-22T10:00:00.000Z",
};

/** A scanner whose cleanup ends when the test says so. */
function gatedScanner() {
  let finish: (report: CleanupReport) => void = () => undefined;
  const scanner = {
    scan: async () => ({ scanId: "s", scannedAt: request.requestedAt, resources: 0, orphans: [] }),
    cleanup: () =>
      new Promise<CleanupReport>((resolve) => {
        finish = resolve;
      }),
  } as OrphanScanner;
  return { scanner, finish: (value: CleanupReport) => finish(value) };
}

describe("createLocalOrphanOperations", () => {
  it("answers at once with a RUNNING cleanup, and records COMPLETED when it ends (as on AWS)", async () => {
    const { scanner, finish } = gatedScanner();
    const orphans = createLocalOrphanOperations({
      scanner,
      logger: silentLogger,
      clock: () => new Date("2026-11-22T10:01:00.000Z"),
    });
    await orphans.startCleanup(request);
    expect(await orphans.findCleanup(request.cleanupId)).toEqual({ ...request, status: "RUNNING" });
    finish(report);
    await orphans.idle();
    expect(await orphans.findCleanup(request.cleanupId)).toEqual({
      ...request,
      status: "COMPLETED",
      finishedAt: "2026-11-22T10:01:00.000Z",
      report,
    });
  });
});
