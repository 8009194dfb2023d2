import { describe, expect, it } from "vitest";
import { age, healthOf } from "./format.ts";

describe("healthOf (the health column)", () => {
  it("is the status while watched, with what drifted", () => {
    expect(healthOf({ healthStatus: "HEALTHY" })).toBe("HEALTHY");
    expect(healthOf({ healthStatus: "DEGRADED", drift: ["storage:database-user", "routing:rule"] })).toBe(
      "DEGRADED (drift: storage:database-user, routing:rule)",
    );
    expect(healthOf({ healthStatus: "HEALTHY", drift: [] })).toBe("HEALTHY");
  });

  it("is 'not watched' without a status (any state but ACTIVE)", () => {
    expect(healthOf({ drift: ["storage:database-user"] })).toBe("not watched");
  });
});

describe("age", () => {
  it("rounds to seconds, minutes, hours and days", () => {
    // Relative to the run's clock: the rule is about differences, not about one day.
    const now = Date.now();
    const ago = (ms: number) => new Date(now - ms).toISOString();
    expect(age(ago(30_000), now)).toBe("30 s");
    expect(age(ago(30 * 60_000), now)).toBe("30 min");
    expect(age(ago(6 * 3_600_000), now)).toBe("6 h");
    expect(age(ago(5 * 86_400_000), now)).toBe("5 d");
  });
});
