import type { HealthProbe, ResourceDriftCheck } from "@bbws/contracts";

/**
 * The drift part on AWS: every service's describe calls of what the ledger recorded, all at once
 * (the part keeps the 400 ms budget of one round trip). A missing resource is `warn` with `drift`
 * naming it (DEGRADED); a check that cannot tell rejects the part (an error, not drift). Storage's
 * share (database, user, access point, secret) is one Invoke of the storage drift function, which
 * runs in the VPC where RDS is (docs/operations.md, "Instance health").
 */
export function createResourceDriftProbe(checks: readonly ResourceDriftCheck[]): HealthProbe {
  return {
    part: "drift",
    async check(target, signal) {
      const found = await Promise.all(checks.map((check) => check.missing(target, signal)));
      const missing = found.flat();
      if (missing.length > 0)
        return { outcome: "warn", detail: `missing: ${missing.join(", ")}`, drift: missing };
      const kinds = checks.flatMap((check) => check.kinds);
      return { outcome: "pass", detail: `all exist: ${kinds.join(", ")}` };
    },
  };
}
