import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./createRateLimiter.ts";

describe("createRateLimiter", () => {
  it("lets a burst through, then spaces calls at the rate", async () => {
    let clock = 0;
    const waits: number[] = [];
    const limiter = createRateLimiter({
      ratePerSecond: 15,
      burst: 2,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    for (let call = 0; call < 5; call += 1) await limiter.acquire();
    expect(waits.length).toBe(3);
    expect(clock).toBeCloseTo((3 / 15) * 1000, 5);
  });
});
