import type { CleanupReport, OrphanScanner } from "./createOrphanScanner.ts";

/**
 * An orphan cleanup as an operation to poll: the API records it RUNNING and starts it in the
 * background (on AWS an asynchronous invocation of the scan function: a cleanup of many
 * resources outlasts API Gateway's 29 s); the scan records how it ended.
 */
export type CleanupStatus = "RUNNING" | "COMPLETED" | "FAILED";

export interface CleanupRecord {
  readonly cleanupId: string;
  readonly dryRun: boolean;
  readonly status: CleanupStatus;
  /** ISO 8601. */
  readonly requestedAt: string;
  readonly finishedAt?: string;
  readonly report?: CleanupReport;
  readonly error?: string;
}

/** Where cleanup records live: the ledger table on AWS, memory locally. */
export interface CleanupRecords {
  put(record: CleanupRecord): Promise<void>;
  get(cleanupId: string): Promise<CleanupRecord | undefined>;
}

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
