import { RoutingError } from "../../domain/errors.ts";

/** One ALB of the pool: the listener that holds the tenants' host rules. */
export interface AlbPoolEntry {
  readonly loadBalancerArn: string;
  /** The HTTPS (or HTTP) listener the host-header rules go on; one listener per ALB. */
  readonly listenerArn: string;
  /**
   * Rules this ALB may hold for tenants (priorities 1..capacity). AWS allows 100 rules per
   * ALB (default rules not counted) and 100 target groups per ALB; lower it if the ALB
   * carries rules of its own.
   */
  readonly capacity?: number;
}

/** Where a tenant's listener rule lives. */
export interface RuleSlot {
  readonly loadBalancerArn: string;
  readonly listenerArn: string;
  readonly priority: number;
}

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

/** AWS's default quota of rules (and of target groups) per Application Load Balancer. */
export const ALB_RULES_PER_LOAD_BALANCER = 100;
/** Listener rule priorities are 1..50,000. */
export const MAX_RULE_PRIORITY = 50_000;

/** The pool with capacities filled in; refuses, at start-up, a pool no allocation could use. */
export function validatePool(pool: readonly AlbPoolEntry[]): readonly Required<AlbPoolEntry>[] {
  const invalid = (reason: string) =>
    new RoutingError("ROUTING.INVALID_CONFIG", `invalid ALB pool: ${reason}`, { retryable: false });
  if (pool.length === 0) throw invalid("it holds no ALB");
  // The quota is per load balancer: two listeners of one ALB would share its 100 rules.
  if (new Set(pool.map((entry) => entry.loadBalancerArn)).size !== pool.length)
    throw invalid("a load balancer appears twice (one listener per ALB)");
  return pool.map((entry) => {
    const capacity = entry.capacity ?? ALB_RULES_PER_LOAD_BALANCER;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX_RULE_PRIORITY)
      throw invalid(`capacity of ${entry.listenerArn} must be a whole number from 1 to ${MAX_RULE_PRIORITY}`);
    return { ...entry, capacity };
  });
}
