import type { CleanupRecord, CleanupRecords } from "@bbws/contracts";
import type { OrphanScanner } from "./createOrphanScanner.ts";

export interface CleanupRequest {
  readonly cleanupId: string;
  readonly dryRun: boolean;
  readonly requestedAt: string;
}

/**
 * Runs the cleanup and records its end, COMPLETED with the report or FAILED with the reason.
 * It never throws for a failed cleanup: the record is the answer (and an asynchronous Lambda
 * invocation that threw would be retried, deleting again from a stale scan).
 */
export async function runRecordedCleanup(
  deps: { scanner: Pick<OrphanScanner, "cleanup">; records: CleanupRecords; clock: () => Date },
  request: CleanupRequest,
): Promise<CleanupRecord> {
  let record: CleanupRecord;
  try {
    const report = await deps.scanner.cleanup({ dryRun: request.dryRun });
    record = { ...request, status: "COMPLETED", finishedAt: deps.clock().toISOString(), report };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    record = { ...request, status: "FAILED", finishedAt: deps.clock().toISOString(), error: reason };
  }
  await deps.records.put(record);
  return record;
}
