import { describe, expect, it } from "vitest";
import { RoutingError } from "./errors.ts";
import { DEFAULT_HEALTH_CHECK, healthCheckSettings } from "./healthCheck.ts";

describe("healthCheckSettings", () => {
  it("defaults to a WordPress path, the minimum healthy threshold and a timeout under the interval", () => {
    expect(healthCheckSettings()).toEqual({
      path: "/wp-login.php",
      intervalSeconds: 10,
      timeoutSeconds: 5,
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
      matcher: "200-399",
    });
    expect(healthCheckSettings({ path: "/healthz.php" })).toEqual({
      ...DEFAULT_HEALTH_CHECK,
      path: "/healthz.php",
    });
  });

  it("accepts the bounds of AWS's ranges and every matcher form CreateTargetGroup takes", () => {
    const bounds = { intervalSeconds: 300, timeoutSeconds: 120, healthyThresholdCount: 10 };
    expect(healthCheckSettings({ ...bounds, unhealthyThresholdCount: 10 })).toMatchObject(bounds);
    expect(healthCheckSettings({ intervalSeconds: 5, timeoutSeconds: 2 })).toMatchObject({
      intervalSeconds: 5,
    });
    for (const matcher of ["200", "200-399", "200,302", "200,300-399", "200-299,302"])
      expect(healthCheckSettings({ matcher }).matcher).toBe(matcher);
  });

  it("names every problem at once, separated", () => {
    expect(() => healthCheckSettings({ path: "x", matcher: "ok" })).toThrow(
      "invalid health check: path must start with / and hold no spaces; matcher must look like",
    );
  });

  it.each([
    [{ path: "/wp login.php" }, "path must start with /"],
    [{ path: "x/wp-login.php" }, "path must start with /"],
    [{ matcher: "x200" }, "matcher must look like"],
    [{ matcher: "200x" }, "matcher must look like"],
    [{ matcher: "200,3" }, "matcher must look like"],
  ])("refuses the malformed %o", (overrides, message) => {
    expect(() => healthCheckSettings(overrides)).toThrow(message);
  });

  it.each([
    [{ healthyThresholdCount: 1 }, "healthyThresholdCount must be a whole number from 2 to 10"],
    [{ unhealthyThresholdCount: 11 }, "unhealthyThresholdCount must be a whole number from 2 to 10"],
    [{ intervalSeconds: 4, timeoutSeconds: 2 }, "intervalSeconds must be a whole number from 5 to 300"],
    [{ timeoutSeconds: 1 }, "timeoutSeconds must be a whole number from 2 to 120"],
    [{ intervalSeconds: 6, timeoutSeconds: 6 }, "timeoutSeconds must be less than intervalSeconds"],
    [{ path: "wp-login.php" }, "path must start with /"],
    [{ matcher: "2xx" }, "matcher must look like"],
  ])("refuses %o at start-up, as AWS would per tenant", (overrides, message) => {
    let thrown: unknown;
    try {
      healthCheckSettings(overrides);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RoutingError);
    expect(thrown).toMatchObject({ code: "ROUTING.INVALID_CONFIG", retryable: false });
    expect((thrown as Error).message).toContain(message);
  });
});
