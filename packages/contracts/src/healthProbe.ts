import type { InstanceRef } from "./catalog.ts";
import type { InstanceOutputs } from "./ledgerRecords.ts";

/** An instance as the live check sees it: where it is and what the ledger recorded for it. */
export interface HealthCheckTarget extends InstanceRef {
  /** The services' outputs the ledger recorded (service, target group, database names, ...). */
  readonly outputs: InstanceOutputs;
  readonly desiredCount: number;
  /** Where the site answers (routing's URL). */
  readonly url?: string;
}

/** What one probe found; `warn` = serving but short of what is wanted. */
export interface ProbeFinding {
  readonly outcome: "pass" | "warn" | "fail";
  readonly detail: string;
  /** Recorded resources that no longer exist, as `service:kind` (the drift probe). */
  readonly drift?: readonly string[];
}

/**
 * One read-only part of the live check (docs/architecture.md, "Health"): each service exports
 * the probes of what it owns (compute: the process group or the ECS service; routing: the route
 * or the target health, and the site's HTTP answer), the drift probe lists the services'
 * inventories; the API composes them, each under its own timeout. A probe changes nothing.
 */
export interface HealthProbe {
  readonly part: string;
  /** Rejects (or answers `fail`) when it cannot tell; stops early when `signal` aborts. */
  check(target: HealthCheckTarget, signal: AbortSignal): Promise<ProbeFinding>;
}

/**
 * One service's share of the drift part on AWS: plain describe calls of the resources the ledger
 * recorded for the instance (its outputs). Answers the missing ones as `service:kind` (the same
 * names as the local drift part); rejects when it cannot tell (throttled, denied), which makes the
 * part an error, never drift.
 */
export interface ResourceDriftCheck {
  /** What it checks, as `service:kind` (for the part's detail). */
  readonly kinds: readonly string[];
  missing(target: HealthCheckTarget, signal: AbortSignal): Promise<readonly string[]>;
}
