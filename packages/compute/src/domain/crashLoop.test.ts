import { describe, expect, it } from "vitest";
import { afterFailedStart, type CrashState, crashed, isDue } from "./crashLoop.ts";

const policy = { baseDelayMs: 1_000, maxDelayMs: 5_000, limit: 3 };

describe("the supervisor's crash loop policy", () => {
  it("given a crash, then the first start is due at once", () => {
    expect(isDue(crashed(100), 100)).toBe(true);
    expect(isDue(crashed(100), 99)).toBe(false);
  });

  it("when starts keep failing, then the delay doubles up to the ceiling", () => {
    let state: CrashState = crashed(0);
    const delays: number[] = [];
    for (let now = 0, round = 0; round < 5; round += 1) {
      state = afterFailedStart(state, now, policy).state;
      delays.push(state.nextStartAt - now);
      now = state.nextStartAt;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it("when the limit of failed starts is reached, then the loop is reported once", () => {
    let state: CrashState = crashed(0);
    const reports: boolean[] = [];
    for (let round = 0; round < 5; round += 1) {
      const next = afterFailedStart(state, 0, policy);
      reports.push(next.reportLoop);
      state = next.state;
    }
    expect(reports).toEqual([false, false, true, false, false]);
    expect(state).toMatchObject({ failures: 5, loopReported: true });
  });
});
