import { RoutingError } from "./errors.ts";

/** The target group health check, in CreateTargetGroup's terms. */
export interface HealthCheckSettings {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThresholdCount: number;
  readonly unhealthyThresholdCount: number;
  readonly matcher: string;
}

/**
 * Defaults, and why:
 * - `/wp-login.php` answers 200 from a working WordPress without a redirect, and only when PHP
 *   and the database both work; `200-399` still accepts a plugin that redirects it.
 * - AWS: "after your target is registered, it must pass ONE health check to be considered
 *   healthy". HealthyThresholdCount (2..10, so 2 is the minimum) only applies to a target coming
 *   back from unhealthy. A new ECS task therefore turns healthy after its first passing check,
 *   i.e. within one interval (10 s) of registration; a recovering one after 2 passes (~20 s).
 * - Timeout 5 s: a cold PHP worker can take seconds on its first request; AWS wants it below the
 *   interval. Unhealthy after 3 failures (~30 s): one slow answer under load does not evict.
 */
export const DEFAULT_HEALTH_CHECK: HealthCheckSettings = {
  path: "/wp-login.php",
  intervalSeconds: 10,
  timeoutSeconds: 5,
  healthyThresholdCount: 2,
  unhealthyThresholdCount: 3,
  matcher: "200-399",
};

/** AWS's ranges for an HTTP target group of an ALB (CreateTargetGroup). */
const RANGES = {
  intervalSeconds: [5, 300],
  timeoutSeconds: [2, 120],
  healthyThresholdCount: [2, 10],
  unhealthyThresholdCount: [2, 10],
} as const;

/** Fills the defaults and refuses, at start-up, what CreateTargetGroup would refuse per tenant. */
export function healthCheckSettings(overrides: Partial<HealthCheckSettings> = {}): HealthCheckSettings {
  const settings = { ...DEFAULT_HEALTH_CHECK, ...overrides };
  const problems: string[] = [];
  for (const [field, [min, max]] of Object.entries(RANGES)) {
    const value = settings[field as keyof typeof RANGES];
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push(`${field} must be a whole number from ${min} to ${max}`);
  }
  if (settings.timeoutSeconds >= settings.intervalSeconds)
    problems.push("timeoutSeconds must be less than intervalSeconds");
  if (!/^\/\S{0,1023}$/.test(settings.path)) problems.push("path must start with / and hold no spaces");
  if (!/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(settings.matcher))
    problems.push("matcher must look like 200 or 200-399 or 200,302");
  if (problems.length > 0)
    throw new RoutingError("ROUTING.INVALID_CONFIG", `invalid health check: ${problems.join("; ")}`, {
      retryable: false,
    });
  return settings;
}
