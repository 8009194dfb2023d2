/**
 * Which listener-rule priorities routing may hand out on one ALB. An ALB often carries rules
 * of its own (a health page, redirects), usually at low priorities; routing claiming one of
 * them fails with `PriorityInUse`. So each ALB of the pool names a range,
 * `priorityOffset + 1 … priorityOffset + capacity`, and how many rules of its own it holds,
 * which count against the same per-ALB quota.
 */

/**
 * AWS's default quota of rules per Application Load Balancer (default rules not counted). The
 * rule quota can be raised, but every tenant's rule forwards to its own target group, and
 * target groups per ALB are a hard 100: so 100 it is.
 */
export const ALB_RULES_PER_LOAD_BALANCER = 100;
/** Listener rule priorities are 1..50,000 (ELBv2 CreateRule). */
export const MAX_RULE_PRIORITY = 50_000;

/** As the ALB pool configuration gives them; all optional. */
export interface PriorityRangeSettings {
  /** Tenants' priorities start after this one. Default 0: from 1. */
  readonly priorityOffset?: number;
  /** Tenants' rules on this ALB. Default: the quota minus `ownRules`. */
  readonly capacity?: number;
  /** Rules on this ALB that are not routing's (all listeners), default 0. */
  readonly ownRules?: number;
}

/** Priorities `first..last`, inclusive; `capacity = last - first + 1`. */
export interface PriorityRange {
  readonly first: number;
  readonly last: number;
  readonly capacity: number;
}

export type PriorityRangeResult =
  | { readonly ok: true; readonly range: PriorityRange }
  | { readonly ok: false; readonly problem: string };

const isWhole = (value: number, min: number) => Number.isInteger(value) && value >= min;

/** The range of one ALB, or what to fix in its settings. */
export function resolvePriorityRange(settings: PriorityRangeSettings): PriorityRangeResult {
  const offset = settings.priorityOffset ?? 0;
  const ownRules = settings.ownRules ?? 0;
  const fail = (problem: string) => ({ ok: false, problem }) as const;
  if (!isWhole(offset, 0) || offset >= MAX_RULE_PRIORITY)
    return fail(`priorityOffset must be a whole number from 0 to ${MAX_RULE_PRIORITY - 1}, not ${offset}`);
  if (!isWhole(ownRules, 0) || ownRules >= ALB_RULES_PER_LOAD_BALANCER)
    return fail(
      `ownRules must be a whole number from 0 to ${ALB_RULES_PER_LOAD_BALANCER - 1} (the ALB's quota is ${ALB_RULES_PER_LOAD_BALANCER} rules), not ${ownRules}`,
    );
  const room = ALB_RULES_PER_LOAD_BALANCER - ownRules;
  const capacity = settings.capacity ?? Math.min(room, MAX_RULE_PRIORITY - offset);
  if (!isWhole(capacity, 1)) return fail(`capacity must be a whole number of at least 1, not ${capacity}`);
  if (capacity > room)
    return fail(
      `capacity ${capacity} exceeds the ALB's rule quota: ${ALB_RULES_PER_LOAD_BALANCER} rules minus its ${ownRules} own rules leaves ${room}`,
    );
  const last = offset + capacity;
  if (last > MAX_RULE_PRIORITY)
    return fail(
      `priorities ${offset + 1}..${last} go past ${MAX_RULE_PRIORITY}, the highest listener rule priority: lower priorityOffset or capacity`,
    );
  return { ok: true, range: { first: offset + 1, last, capacity } };
}
