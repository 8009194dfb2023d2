import { sourceOf } from "@bbws/contracts";

/**
 * Event and record patterns the deployment filters on, outside the subscription table
 * (pure data, shared by the SST modules and the wiring test).
 */

/**
 * The bus rule that turns every `OperationStuck`, and every `InstanceInconsistent` (an undo that
 * failed: compute and routing may disagree), and every `InstanceStillDown` (UNHEALTHY for longer
 * than HEALTH_ALARM_AFTER_MS) into a notification (with the event: which instance).
 */
export const OPERATION_STUCK_PATTERN = {
  source: [sourceOf("ledger")],
  "detail-type": ["OperationStuck", "InstanceInconsistent", "InstanceStillDown"],
} as const;

/**
 * The stream records the outbox Pipe passes on: new outbox items only. The ledger writes an
 * outbox item (sk = OUTBOX) in the same transaction as the state change and the relay
 * deletes it once published, so INSERT is exactly "an event to publish" (ledgerTable.ts).
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: { NewImage: { sk: { S: ["OUTBOX"] } } },
} as const;

/** How often the health sweep runs (infra/health.ts); it re-checks instances whose last check is 5 minutes old. */
export const HEALTH_SWEEP_SCHEDULE = "rate(1 minute)";
