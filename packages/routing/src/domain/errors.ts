import { ServiceError } from "@bbws/contracts";

/** Every failure the routing service reports; the code travels in `RoutingFailed`. */
export const ROUTING_CODES = {
  /** Every ALB of the pool holds its maximum of rules: add an ALB to the pool. */
  capacityExhausted: "ROUTING.CAPACITY_EXHAUSTED",
  /** Suspend or resume of a route that was never created or is already released. */
  routeNotFound: "ROUTING.ROUTE_NOT_FOUND",
  /** The target group name belongs to another live instance of the same tenant and environment. */
  targetGroupTaken: "ROUTING.TARGET_GROUP_TAKEN",
  /** Our slot's priority is held on the ALB by a rule that is not ours: the slot table drifted. */
  priorityConflict: "ROUTING.PRIORITY_CONFLICT",
  /** Too many concurrent allocations kept taking the free priorities first. */
  slotContention: "ROUTING.SLOT_CONTENTION",
  /** ELBv2 throttled or failed: worth retrying. */
  elbUnavailable: "ROUTING.ELB_UNAVAILABLE",
  /** ELBv2 refused the call (permissions, validation): retrying will not help. */
  elbRejected: "ROUTING.ELB_REJECTED",
  /** Route 53 throttled or failed: worth retrying. */
  dnsUnavailable: "ROUTING.DNS_UNAVAILABLE",
  /** Route 53 refused the change (permissions, validation): retrying will not help. */
  dnsRejected: "ROUTING.DNS_REJECTED",
  /** The slot table (DynamoDB) throttled or failed. */
  slotStoreUnavailable: "ROUTING.SLOT_STORE_UNAVAILABLE",
  /** The adapter was configured with values AWS would refuse. */
  invalidConfig: "ROUTING.INVALID_CONFIG",
} as const;
export type RoutingErrorCode = (typeof ROUTING_CODES)[keyof typeof ROUTING_CODES];

/** Errors of the routing service; codes are `ROUTING.*`. */
export class RoutingError extends ServiceError {
  declare readonly code: RoutingErrorCode;
  constructor(code: RoutingErrorCode, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, options);
  }
}
