import type { InstanceRef } from "@bbws/contracts";
import type { RouteAddress, RuleSlot } from "./domain/routingState.ts";

/**
 * The tenant's route, one step per method, in the order the decider runs them: an ALB slot, a
 * target group, a host-header listener rule and an alias record on AWS; one route of the local
 * reverse proxy locally. Every step is idempotent: on redelivery it adopts what exists.
 */
export interface RoutingProvider {
  /** The instance's (ALB, listener, priority) slot; refuses a name another live instance holds. */
  claimSlot(instance: InstanceRef): Promise<RuleSlot>;
  /** The target group's reference (its ARN on AWS), which compute attaches to. */
  ensureTargetGroup(instance: InstanceRef): Promise<string>;
  /** The host-header rule forwarding `hostname` to the target group; its reference. */
  ensureRule(
    instance: InstanceRef,
    input: { slot: RuleSlot; hostname: string; targetGroupRef: string },
  ): Promise<string>;
  /** Makes the name reach the slot's ALB (an alias record on AWS) and says where visitors go. */
  ensureAddress(instance: InstanceRef, input: { slot: RuleSlot; hostname: string }): Promise<RouteAddress>;
  /** Each release step answers what it deleted; nothing there is fine. */
  deleteAddress(instance: InstanceRef): Promise<string[]>;
  deleteRule(instance: InstanceRef): Promise<string[]>;
  freeSlot(instance: InstanceRef): Promise<string[]>;
  deleteTargetGroup(instance: InstanceRef): Promise<string[]>;
  /** Visitors get a 503 maintenance answer instead of the site. */
  serveMaintenance(instance: InstanceRef): Promise<void>;
  forward(instance: InstanceRef): Promise<void>;
}
