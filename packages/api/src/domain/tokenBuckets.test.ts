import { describe, expect, it } from "vitest";
import { createTokenBuckets } from "./tokenBuckets.ts";

describe("createTokenBuckets", () => {
  it("allows a burst, then one call per 1/rate seconds, per key", () => {
    const buckets = createTokenBuckets({ ratePerSecond: 2, burst: 3 });
    const results = [0, 0, 0, 0].map(() => buckets.take("a", 0));
    expect(results.map((result) => result.allowed)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(buckets.take("b", 0).allowed).toBe(true);
    expect(buckets.take("a", 499).allowed).toBe(false);
    expect(buckets.take("a", 1_000).allowed).toBe(true);
  });

  it("forgets the least recently used key beyond maxKeys (it starts full again)", () => {
    const buckets = createTokenBuckets({ ratePerSecond: 1, burst: 1, maxKeys: 2 });
    buckets.take("a", 0);
    buckets.take("b", 0);
    buckets.take("c", 0);
    expect(buckets.take("a", 0).allowed).toBe(true);
    expect(buckets.take("c", 0).allowed).toBe(false);
  });
});
