import type { TimelineEntry } from "./apiTypes.ts";

export const LANES = ["identity", "storage", "routing", "compute", "ledger"] as const;
export type Lane = (typeof LANES)[number];

/** One event of the saga as the timeline draws it. */
export interface TimelineStep {
  readonly eventId: string;
  readonly type: string;
  readonly lane: Lane;
  readonly at: number;
  /** From the event that caused it (its causationId) to this one; 0 when the cause is not in the log. */
  readonly durationMs: number;
  readonly offsetMs: number;
  readonly onCriticalPath: boolean;
  readonly compensation: boolean;
  readonly failure?: { readonly code: string; readonly reason: string };
}

export interface Timeline {
  readonly steps: readonly TimelineStep[];
  readonly totalMs: number;
}

const COMPENSATION_TYPES = new Set(["ProvisioningFailed", "InstanceRolledBack"]);

/**
 * Lays the instance's event log out as a saga timeline: one lane per service (what a service
 * did is the event it emitted; the ledger's requests sit in its lane), each step's time since
 * its cause, and the critical path: the chain of causes behind the last event, the steps that
 * decided when the saga ended. Compensation is what undoes a failed saga (rollback releases).
 */
export function buildTimeline(entries: readonly TimelineEntry[]): Timeline {
  const ordered = [...entries].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  const first = ordered[0];
  if (!first) return { steps: [], totalMs: 0 };
  const start = Date.parse(first.occurredAt);
  const byId = new Map(ordered.map((entry) => [entry.eventId, entry]));
  const critical = criticalPath(ordered, byId);
  const steps = ordered.map((entry): TimelineStep => {
    const at = Date.parse(entry.occurredAt);
    const cause = entry.causationId ? byId.get(entry.causationId) : undefined;
    const failure = failureOf(entry);
    return {
      eventId: entry.eventId,
      type: entry.type,
      lane: laneOf(entry.source),
      at,
      durationMs: cause ? Math.max(0, at - Date.parse(cause.occurredAt)) : 0,
      offsetMs: at - start,
      onCriticalPath: critical.has(entry.eventId),
      compensation: isCompensation(entry),
      ...(failure ? { failure } : {}),
    };
  });
  const last = steps[steps.length - 1];
  return { steps, totalMs: last ? last.offsetMs : 0 };
}

export function laneOf(source: string): Lane {
  const service = source.replace(/^bbws\./, "");
  return (LANES as readonly string[]).includes(service) ? (service as Lane) : "ledger";
}

function criticalPath(ordered: readonly TimelineEntry[], byId: Map<string, TimelineEntry>): Set<string> {
  const path = new Set<string>();
  let current = ordered[ordered.length - 1];
  while (current && !path.has(current.eventId)) {
    path.add(current.eventId);
    current = current.causationId ? byId.get(current.causationId) : undefined;
  }
  return path;
}

function isCompensation(entry: TimelineEntry): boolean {
  if (COMPENSATION_TYPES.has(entry.type)) return true;
  return recordOf(entry.data)?.reason === "rollback";
}

function failureOf(entry: TimelineEntry): { code: string; reason: string } | undefined {
  const data = recordOf(entry.data);
  if (!data || !/(Failed|Unhealthy|Stuck|Inconsistent)$/.test(entry.type)) return undefined;
  const code = typeof data.code === "string" ? data.code : entry.type;
  const reason = typeof data.reason === "string" ? data.reason : "";
  return { code, reason };
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}
