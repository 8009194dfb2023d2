import type { HealthStatus } from "./health.ts";
import type { InstanceRecord } from "./ledgerRecords.ts";

/**
 * An instance's health status now: the last observation folded, else the activation's health
 * report (InstanceHealthy) counts as HEALTHY; without either nothing is known. The one rule the
 * ledger's fold and the API's views share.
 */
export function currentHealthStatus(record: Pick<InstanceRecord, "health" | "outputs">): HealthStatus {
  if (record.health) return record.health.status;
  return record.outputs.health ? "HEALTHY" : "UNKNOWN";
}
