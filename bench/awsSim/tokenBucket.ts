/**
 * AWS's throttling model (ECS, ELB, Cognito, ... document it as a token bucket): `burst`
 * tokens at most, refilled at `ratePerSecond`; a request finding no whole token is throttled.
 * Time is read from `now` (the virtual clock in the simulation).
 */
export interface TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  /** Takes one token if there is one; false = throttled. */
  tryTake(): boolean;
}

export function createTokenBucket(
  limit: { readonly ratePerSecond: number; readonly burst: number },
  now: () => number = Date.now,
): TokenBucket {
  const { ratePerSecond, burst } = limit;
  if (!(ratePerSecond > 0) || !(burst >= 1))
    throw new Error(`invalid bucket ${ratePerSecond}/s burst ${burst}`);
  let tokens = burst;
  let refilledAt = now();
  return {
    ratePerSecond,
    burst,
    tryTake() {
      const at = now();
      tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * ratePerSecond);
      refilledAt = at;
      if (tokens < 1 - 1e-9) return false;
      tokens = Math.max(0, tokens - 1);
      return true;
    },
  };
}
