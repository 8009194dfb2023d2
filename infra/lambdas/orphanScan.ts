import type { CleanupRecord, OrphanReport } from "@bbws/contracts";
import { runRecordedCleanup } from "@bbws/ledger";
import { z } from "zod";
import { createOrphanScanLambdaDeps, loadOrphanScanConfig } from "./orphanScanDeps.ts";

/**
 * What the orphan scan Lambda is asked: the daily schedule sends an EventBridge Scheduler
 * payload `{ "action": "scan" }`; the API invokes it for GET /v1.0/orphans (scan, waiting for
 * the report) and, as an Event, for POST /v1.0/orphans/cleanup (cleanup, dry-run unless
 * `dryRun: false`, recorded under its cleanupId for the API to read).
 */
export const OrphanScanRequestSchema = z.discriminatedUnion("action", [
  // The schedule publishes OrphansFound; an operator's GET /v1.0/orphans only looks.
  z.object({ action: z.literal("scan"), publish: z.boolean().default(true) }),
  z.object({
    action: z.literal("cleanup"),
    dryRun: z.boolean().default(true),
    cleanupId: z.uuid(),
    requestedAt: z.iso.datetime(),
  }),
]);
export type OrphanScanRequest = z.input<typeof OrphanScanRequestSchema>;

/** The schedule's payload names the action; anything else that reaches the function scans. */
export function parseOrphanScanRequest(event: unknown) {
  const asked = typeof event === "object" && event !== null && "action" in event ? event : { action: "scan" };
  return OrphanScanRequestSchema.parse(asked);
}

let built: ReturnType<typeof createOrphanScanLambdaDeps> | undefined;

export async function handler(event: unknown): Promise<OrphanReport | CleanupRecord> {
  const request = parseOrphanScanRequest(event);
  built ??= createOrphanScanLambdaDeps(loadOrphanScanConfig(process.env));
  if (request.action === "scan") return built.scanner.scan({ publish: request.publish });
  const { action: _cleanup, ...cleanup } = request;
  return runRecordedCleanup(
    { scanner: built.scanner, records: built.cleanups, clock: () => new Date() },
    cleanup,
  );
}
