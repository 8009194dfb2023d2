import { PENDING_WAITS, shortestLookSeconds } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { healthLookSeconds, installLookSeconds, installPhase, rolloutLookSeconds } from "./lookSpacing.ts";

describe("look spacing, from what AWS answers", () => {
  it.each([["PROVISIONING"], ["PENDING"], ["ACTIVATING"], [undefined]])(
    "an install task %s has not begun its install: far",
    (lastStatus) => {
      expect(installPhase(lastStatus)).toBe("far");
      expect(installLookSeconds(lastStatus)).toBe(PENDING_WAITS.installTask.retryAfterSeconds.far);
    },
  );

  it.each([["RUNNING"], ["DEACTIVATING"], ["STOPPING"], ["DEPROVISIONING"]])(
    "an install task %s is seconds from its exit: near",
    (lastStatus) => {
      expect(installPhase(lastStatus)).toBe("near");
      expect(installLookSeconds(lastStatus)).toBe(PENDING_WAITS.installTask.retryAfterSeconds.near);
    },
  );

  it("looks at health and at a rollout by phase, from the same table", () => {
    expect(healthLookSeconds("far")).toBe(PENDING_WAITS.serviceHealth.retryAfterSeconds.far);
    expect(healthLookSeconds("near")).toBe(PENDING_WAITS.serviceHealth.retryAfterSeconds.near);
    expect(rolloutLookSeconds("far")).toBe(PENDING_WAITS.rollout.retryAfterSeconds.far);
    expect(rolloutLookSeconds("near")).toBe(PENDING_WAITS.rollout.retryAfterSeconds.near);
  });

  it("looks more often near the end than far from it, and never below SQS's 1 s", () => {
    for (const wait of Object.values(PENDING_WAITS)) {
      expect(wait.retryAfterSeconds.near).toBeLessThan(wait.retryAfterSeconds.far);
      expect(shortestLookSeconds(wait)).toBe(wait.retryAfterSeconds.near);
      expect(shortestLookSeconds(wait)).toBeGreaterThanOrEqual(1);
    }
  });
});
