import { z } from "zod";
import { OrphanSchema } from "./inventory.ts";

/**
 * What the orphan scan (HLD §5.4) answers and how a cleanup is recorded: the ledger's scanner
 * produces them, the API shows them (these schemas are in its OpenAPI document as they are).
 */
export const OrphanReportSchema = z.object({
  scanId: z.string(),
  scannedAt: z.string(),
  /** How many resources of ours the inventories listed. */
  resources: z.number().int().min(0),
  orphans: z.array(OrphanSchema),
});
export type OrphanReport = z.infer<typeof OrphanReportSchema>;

export const CleanupReportSchema = z.object({
  scanId: z.string(),
  dryRun: z.boolean(),
  orphans: z.array(OrphanSchema),
  removed: z.array(z.object({ resource: OrphanSchema, deleted: z.array(z.string()) })),
  failed: z.array(z.object({ resource: OrphanSchema, error: z.string() })),
});
export type CleanupReport = z.infer<typeof CleanupReportSchema>;

/**
 * An orphan cleanup as an operation to poll: the API records it RUNNING and starts it in the
 * background (a cleanup of many resources outlasts API Gateway's 29 s); the scan records how it
 * ended, COMPLETED with its report or FAILED with the reason.
 */
export const CLEANUP_STATUSES = ["RUNNING", "COMPLETED", "FAILED"] as const;
export const CleanupStatusSchema = z.enum(CLEANUP_STATUSES);
export type CleanupStatus = z.infer<typeof CleanupStatusSchema>;

export const CleanupRecordSchema = z.object({
  cleanupId: z.string(),
  dryRun: z.boolean(),
  status: CleanupStatusSchema,
  /** ISO 8601. */
  requestedAt: z.string(),
  finishedAt: z.string().optional(),
  report: CleanupReportSchema.optional(),
  error: z.string().optional(),
});
export type CleanupRecord = z.infer<typeof CleanupRecordSchema>;

/** Where cleanup records live: the ledger table on AWS, memory locally. Written by the API and the scan. */
export interface CleanupRecords {
  put(record: CleanupRecord): Promise<void>;
  get(cleanupId: string): Promise<CleanupRecord | undefined>;
}
