import { z } from "zod";

/**
 * Health is tracked beside the lifecycle state (docs/operations.md): an ACTIVE instance can be
 * UNHEALTHY; a SUSPENDED one is not serving by design and is not alarmed.
 */
export const HEALTH_STATUSES = ["HEALTHY", "DEGRADED", "UNHEALTHY", "UNKNOWN"] as const;
export const HealthStatusSchema = z.enum(HEALTH_STATUSES);
export type HealthStatus = z.infer<typeof HealthStatusSchema>;

/** Who saw it: a check run on request, the local supervisor, an ECS event, the periodic sweep. */
export const HEALTH_OBSERVERS = ["live-check", "supervisor", "ecs-event", "sweep"] as const;
export const HealthObserverSchema = z.enum(HEALTH_OBSERVERS);
export type HealthObserver = z.infer<typeof HealthObserverSchema>;

/** An ACTIVE instance UNHEALTHY this long raises InstanceStillDown, which alerts operators. */
export const HEALTH_ALARM_AFTER_MS = 15 * 60_000;

/** The part of a check whose failure means nothing is served (the site's HTTP answer). */
export const SERVING_PART = "http";

/**
 * One part of a live check: `pass`, `warn` (serving, but short of what is wanted: fewer
 * tasks than desired, a recorded resource missing), `fail`, or `timeout` (no answer within
 * the part's budget: unknown, not failed).
 */
export const HealthCheckPartSchema = z
  .object({
    part: z.string().min(1),
    outcome: z.enum(["pass", "warn", "fail", "timeout"]),
    /** How long the part took, in milliseconds. */
    ms: z.number().int().min(0),
    detail: z.string(),
    /** Resources the ledger recorded that no longer exist (`storage:database-user`). */
    drift: z.array(z.string()).readonly().optional(),
  })
  .readonly();
export type HealthCheckPart = z.infer<typeof HealthCheckPartSchema>;

const Timestamp = z.iso.datetime({ offset: true });

/** What one observer saw at one time; the ledger folds it into the instance's health. */
export const HealthObservationSchema = z.object({
  status: HealthStatusSchema,
  observedAt: Timestamp,
  observer: HealthObserverSchema,
  /** Why it is not HEALTHY, in words an operator can act on. */
  reason: z.string().max(2000).optional(),
  drift: z.array(z.string()).readonly().optional(),
  parts: z.array(HealthCheckPartSchema).readonly().optional(),
});
export type HealthObservation = z.infer<typeof HealthObservationSchema>;

/** The instance's health as the ledger keeps it. */
export const InstanceHealthSchema = z
  .object({
    status: HealthStatusSchema,
    /** When the instance entered this status. */
    since: Timestamp,
    lastCheckedAt: Timestamp,
    observer: HealthObserverSchema,
    reason: z.string().optional(),
    drift: z.array(z.string()).readonly().optional(),
    /** When InstanceStillDown was raised for this UNHEALTHY spell (once per spell). */
    alarmedAt: Timestamp.optional(),
  })
  .readonly();
export type InstanceHealth = z.infer<typeof InstanceHealthSchema>;

export interface HealthSummary {
  readonly status: HealthStatus;
  readonly reason?: string;
  readonly drift?: readonly string[];
}

/**
 * The status a check's parts add up to: the site not answering is UNHEALTHY; anything else
 * short of a pass (a warning, a failed side part, a slow site) is DEGRADED; a part that only
 * timed out is unknown and does not count, unless no part answered at all (UNKNOWN).
 */
export function summarizeHealth(parts: readonly HealthCheckPart[]): HealthSummary {
  const drift = parts.flatMap((part) => part.drift ?? []);
  const withDrift = drift.length > 0 ? { drift } : {};
  const serving = parts.find((part) => part.part === SERVING_PART);
  if (serving?.outcome === "fail") return { status: "UNHEALTHY", reason: reasonOf([serving]), ...withDrift };
  const short = parts.filter(
    (part) =>
      part.outcome === "warn" ||
      part.outcome === "fail" ||
      (part.outcome === "timeout" && part.part === SERVING_PART),
  );
  if (short.length > 0) return { status: "DEGRADED", reason: reasonOf(short), ...withDrift };
  if (parts.every((part) => part.outcome === "timeout"))
    return parts.length === 0
      ? { status: "UNKNOWN", reason: "nothing was checked" }
      : { status: "UNKNOWN", reason: reasonOf(parts) };
  return { status: "HEALTHY" };
}

function reasonOf(parts: readonly HealthCheckPart[]): string {
  return parts.map((part) => `${part.part}: ${part.detail}`).join("; ");
}
