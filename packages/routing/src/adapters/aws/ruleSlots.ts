import { RoutingError } from "../../domain/errors.ts";
import {
  type PriorityRange,
  type PriorityRangeSettings,
  resolvePriorityRange,
} from "../../domain/priorityRange.ts";
import type { RuleSlot } from "../../domain/routingState.ts";

/**
 * One ALB of the pool: the listener that holds the tenants' host rules, and the priorities
 * routing may use on it (`priorityOffset + 1 … priorityOffset + capacity`, domain/priorityRange.ts).
 * AWS allows 100 rules per ALB (default rules not counted) and 100 target groups per ALB; an
 * ALB with rules of its own names them (`ownRules`) and puts the range above them.
 */
export interface AlbPoolEntry extends PriorityRangeSettings {
  readonly loadBalancerArn: string;
  /** The HTTPS (or HTTP) listener the host-header rules go on; one listener per ALB. */
  readonly listenerArn: string;
}

/** A pool entry as the allocator uses it: its range resolved. */
export interface AlbPoolSlotRange {
  readonly loadBalancerArn: string;
  readonly listenerArn: string;
  readonly range: PriorityRange;
}

export type { RuleSlot } from "../../domain/routingState.ts";

export interface RuleSlotOwner {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly targetGroupName: string;
}

export interface ListenerUsage {
  readonly listenerArn: string;
  readonly used: number;
  readonly capacity: number;
}

/**
 * The allocator of (ALB, listener, priority) slots. An instance holds at most one
 * slot; allocate is idempotent per instance, release is safe to repeat.
 */
export interface RuleSlots {
  /** The instance's slot, allocating one on the first ALB of the pool with room. */
  allocate(owner: RuleSlotOwner): Promise<RuleSlot>;
  find(instanceId: string): Promise<RuleSlot | null>;
  /** Frees the instance's slot; null when it held none. */
  release(instanceId: string): Promise<RuleSlot | null>;
  /** Slots used per listener of the pool, in pool order. */
  usage(): Promise<ListenerUsage[]>;
}

export { ALB_RULES_PER_LOAD_BALANCER, MAX_RULE_PRIORITY } from "../../domain/priorityRange.ts";

/** What is wrong with a pool, each problem naming its ALB; empty when every allocation can use it. */
export function albPoolProblems(pool: readonly AlbPoolEntry[]): string[] {
  if (pool.length === 0) return ["it holds no ALB"];
  const problems: string[] = [];
  // The quota is per load balancer: two listeners of one ALB would share its 100 rules.
  if (new Set(pool.map((entry) => entry.loadBalancerArn)).size !== pool.length)
    problems.push("a load balancer appears twice (one listener per ALB)");
  for (const entry of pool) {
    const resolved = resolvePriorityRange(entry);
    if (!resolved.ok) problems.push(`${entry.loadBalancerArn}: ${resolved.problem}`);
  }
  return problems;
}

/** The pool with its ranges resolved; refuses, at start-up, a pool no allocation could use. */
export function validatePool(pool: readonly AlbPoolEntry[]): readonly AlbPoolSlotRange[] {
  const problems = albPoolProblems(pool);
  if (problems.length > 0)
    throw new RoutingError("ROUTING.INVALID_CONFIG", `invalid ALB pool: ${problems.join("; ")}`, {
      retryable: false,
    });
  return pool.map((entry) => {
    const resolved = resolvePriorityRange(entry);
    if (!resolved.ok) throw new Error(resolved.problem);
    return { loadBalancerArn: entry.loadBalancerArn, listenerArn: entry.listenerArn, range: resolved.range };
  });
}
