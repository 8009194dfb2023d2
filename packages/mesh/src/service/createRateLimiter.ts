export interface RateLimiter {
  /** Resolves when the caller may make one more call. */
  acquire(): Promise<void>;
}

/**
 * A token bucket shared by every caller in the process: at most `ratePerSecond`
 * calls per second on average, with bursts up to `burst` (AWS's own model for
 * API rate limits, e.g. Cognito's 15 RPS, Fargate's burst 100 then 20/s).
 */
export function createRateLimiter(options: {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let tokens = options.burst;
  let refilledAt = now();
  let queue: Promise<void> = Promise.resolve();

  function refill(): void {
    const at = now();
    tokens = Math.min(options.burst, tokens + ((at - refilledAt) / 1000) * options.ratePerSecond);
    refilledAt = at;
  }

  async function take(): Promise<void> {
    refill();
    // A hair of tolerance: float refills can land a rounding error short of a whole token.
    while (tokens < 1 - 1e-9) {
      await sleep(((1 - tokens) / options.ratePerSecond) * 1000);
      refill();
    }
    tokens = Math.max(0, tokens - 1);
  }

  return {
    acquire() {
      // Serialise waiters so they are served in arrival order.
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
