import type { InstanceRef, InstanceSpec, RoutingOutputs } from "@bbws/contracts";

/**
 * The tenant's route: an ALB target group and host-header listener rule on AWS,
 * a route of the local reverse proxy locally. Every call is idempotent.
 */
export interface RoutingProvider {
  ensureRoute(instance: InstanceRef, spec: InstanceSpec): Promise<RoutingOutputs>;
  releaseRoute(instance: InstanceRef): Promise<string[]>;
  /** Visitors get a 503 maintenance answer instead of the site. */
  suspendRoute(instance: InstanceRef): Promise<void>;
  resumeRoute(instance: InstanceRef): Promise<void>;
}
