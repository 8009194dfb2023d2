import { describe, expect, it } from "vitest";
import { createCognitoWriteLimiters } from "./cognitoWriteLimiters.ts";

/** A clock that only moves when a limiter sleeps: how many writes fit in a second is exact. */
function virtualTime() {
  let at = 0;
  const sleep = async (ms: number) => {
    at += ms;
  };
  return { now: () => at, sleep, elapsed: () => at };
}

const dev = { accountId: "111122223333", region: "eu-west-1" };
const sit = { accountId: "444455556666", region: "eu-west-1" };

describe("createCognitoWriteLimiters", () => {
  it("lets through burst + rate writes in the first second, at the configured rate", async () => {
    const time = virtualTime();
    const limiterFor = createCognitoWriteLimiters({ ratePerSecond: 5, ...time });
    const limiter = limiterFor(dev);
    let withinFirstSecond = 0;
    for (let call = 0; call < 20; call += 1) {
      await limiter.acquire();
      if (time.elapsed() <= 1000) withinFirstSecond += 1;
    }
    expect(withinFirstSecond).toBe(6);
    expect(time.elapsed()).toBeCloseTo(19 * 200, 6);
  });

  it("shares one limiter between environments of one account, not between accounts", () => {
    const limiterFor = createCognitoWriteLimiters({ ratePerSecond: 5 });
    expect(limiterFor({ ...dev })).toBe(limiterFor(dev));
    expect(limiterFor(sit)).not.toBe(limiterFor(dev));
    expect(limiterFor({ ...dev, region: "us-east-1" })).not.toBe(limiterFor(dev));
  });

  it("refuses a rate that is not positive", () => {
    expect(() => createCognitoWriteLimiters({ ratePerSecond: 0 })).toThrow(/must be positive, not 0/);
  });
});
