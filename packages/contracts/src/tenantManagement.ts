import type { EventName } from "./catalog.ts";
import { sourceOf } from "./envelope.ts";
import type { EventPatternJson } from "./subscriptions.ts";

/**
 * The contract with Tenant Management (docs/integration.md), both directions. Each event's schema is
 * the generated `packages/contracts/schemas/<name>.v<version>.json`.
 */
export const FROM_TENANT_MANAGEMENT = ["TenantCreated"] as const satisfies readonly EventName[];

/** What Tenant Management consumes back: an instance became ACTIVE, failed, was rolled back, or removed. */
export const TO_TENANT_MANAGEMENT = [
  "InstanceActivated",
  "ProvisioningFailed",
  "InstanceRolledBack",
  "InstanceDeprovisioned",
] as const satisfies readonly EventName[];

/** The rule pattern of a Tenant Management subscriber (locally an HTTP target, on AWS their rule). */
export const TENANT_MANAGEMENT_PATTERN: EventPatternJson = {
  source: [sourceOf("ledger")],
  "detail-type": [...TO_TENANT_MANAGEMENT],
};
