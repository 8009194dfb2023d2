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
    const now = Date.parse("2026-12-06T12:00:00Z");
    expect(age("2026-12-06T11:59:30Z", now)).toBe("30 s");
    expect(age("2026-12-06T11:30:00Z", now)).toBe("30 min");
    expect(age("2026-12-06T06:00:00Z", now)).toBe("6 h");
    expect(age("2026-12-01T12:00:00Z", now)).toBe("5 d");
  });
});
