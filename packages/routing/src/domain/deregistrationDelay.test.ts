import { describe, expect, it } from "vitest";
import { DEREGISTRATION_DELAY_RANGE, DEREGISTRATION_DELAY_SECONDS } from "./deregistrationDelay.ts";

describe("DEREGISTRATION_DELAY_SECONDS", () => {
  it("is a whole number of seconds AWS accepts, well under ELB's default of 300 s", () => {
    expect(Number.isInteger(DEREGISTRATION_DELAY_SECONDS)).toBe(true);
    expect(DEREGISTRATION_DELAY_SECONDS).toBeGreaterThanOrEqual(DEREGISTRATION_DELAY_RANGE.min);
    expect(DEREGISTRATION_DELAY_SECONDS).toBeLessThanOrEqual(DEREGISTRATION_DELAY_RANGE.max);
    expect(DEREGISTRATION_DELAY_SECONDS).toBe(30);
  });
});
