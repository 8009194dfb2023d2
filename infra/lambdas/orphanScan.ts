import type { CleanupReport, OrphanReport, OrphanScanner } from "@bbws/ledger";
import { z } from "zod";
import { createOrphanScanLambdaScanner, loadOrphanScanConfig } from "./orphanScanDeps.ts";

/**
 * What the orphan scan Lambda is asked: the daily schedule sends an EventBridge Scheduler
 * payload `{ "action": "scan" }`; the API invokes it for GET /v1.0/orphans (scan) and
 * POST /v1.0/orphans/cleanup (cleanup, dry-run unless `dryRun: false`).
 */
export const OrphanScanRequestSchema = z.discriminatedUnion("action", [
  // The schedule publishes OrphansFound; an operator's GET /v1.0/orphans only looks.
  z.object({ action: z.literal("scan"), publish: z.boolean().default(true) }),
  z.object({ action: z.literal("cleanup"), dryRun: z.boolean().default(true) }),
]);
export type OrphanScanRequest = z.input<typeof OrphanScanRequestSchema>;

/** The schedule's payload names the action; anything else that reaches the function scans. */
export function parseOrphanScanRequest(event: unknown) {
  const asked = typeof event === "object" && event !== null && "action" in event ? event : { action: "scan" };
  return OrphanScanRequestSchema.parse(asked);
}

let built: OrphanScanner | undefined;

export async function handler(event: unknown): Promise<OrphanReport | CleanupReport> {
  const request = parseOrphanScanRequest(event);
  built ??= createOrphanScanLambdaScanner(loadOrphanScanConfig(process.env));
  return request.action === "scan"
    ? built.scan({ publish: request.publish })
    : built.cleanup({ dryRun: request.dryRun });
}
