import { type HealthCheckTarget, type ResourceDriftCheck, summarizeHealth } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { createResourceDriftProbe } from "./createResourceDriftProbe.ts";
import { runHealthProbes } from "./runHealthProbes.ts";

const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {},
  desiredCount: 1,
};
const check = (kinds: string[], missing: string[]): ResourceDriftCheck => ({
  kinds,
  missing: async () => missing,
});

describe("createResourceDriftProbe", () => {
  it("passes naming what it checked when every recorded resource exists", async () => {
    const probe = createResourceDriftProbe([
      check(["routing:target-group"], []),
      check(["identity:user-pool"], []),
    ]);
    expect(await probe.check(target, new AbortController().signal)).toEqual({
      outcome: "pass",
      detail: "all exist: routing:target-group, identity:user-pool",
    });
  });

  it("a missing resource makes the instance DEGRADED with drift naming it", async () => {
    const probe = createResourceDriftProbe([
      check(["routing:target-group", "routing:listener-rule"], ["routing:listener-rule"]),
      check(["storage:secret"], ["storage:secret"]),
    ]);
    const parts = await runHealthProbes({ probes: [probe], target, partTimeoutMs: 400, now: () => 0 });
    expect(parts).toEqual([
      {
        part: "drift",
        outcome: "warn",
        ms: 0,
        detail: "missing: routing:listener-rule, storage:secret",
        drift: ["routing:listener-rule", "storage:secret"],
      },
    ]);
    expect(summarizeHealth(parts)).toMatchObject({
      status: "DEGRADED",
      drift: ["routing:listener-rule", "storage:secret"],
    });
  });

  it("a check that cannot tell is the part's error, not drift", async () => {
    const denied: ResourceDriftCheck = {
      kinds: ["identity:user-pool"],
      missing: async () => {
        throw new Error("AccessDeniedException: not authorized");
      },
    };
    const parts = await runHealthProbes({
      probes: [createResourceDriftProbe([check(["storage:secret"], []), denied])],
      target,
      partTimeoutMs: 400,
      now: () => 0,
    });
    expect(parts).toEqual([
      { part: "drift", outcome: "fail", ms: 0, detail: "AccessDeniedException: not authorized" },
    ]);
    expect(summarizeHealth(parts).drift).toBeUndefined();
  });
});
