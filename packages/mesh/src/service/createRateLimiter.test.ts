import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./createRateLimiter.ts";
import { isRetryableAwsError } from "./isRetryableAwsError.ts";
import { retryWithBackoff } from "./retryWithBackoff.ts";

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

describe("retryWithBackoff", () => {
  it("retries retryable errors with growing jittered delays, then succeeds", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await retryWithBackoff(
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error("slow down"), { name: "ThrottlingException" });
        return "ok";
      },
      {
        maxAttempts: 5,
        baseDelayMs: 100,
        sleep: async (ms) => void delays.push(ms),
        random: () => 1,
        isRetryable: isRetryableAwsError,
      },
    );
    expect(result).toBe("ok");
    expect(delays).toEqual([100, 200]);
  });

  it("does not retry a client error", async () => {
    let calls = 0;
    const failing = retryWithBackoff(
      async () => {
        calls += 1;
        throw Object.assign(new Error("bad"), {
          name: "InvalidParameterException",
          $metadata: { httpStatusCode: 400 },
        });
      },
      { maxAttempts: 5, baseDelayMs: 1, sleep: async () => {}, isRetryable: isRetryableAwsError },
    );
    await expect(failing).rejects.toThrow("bad");
    expect(calls).toBe(1);
  });
});
