export type TakeResult =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface TokenBuckets {
  /** Takes one token from the caller's bucket at `nowMs`; refuses (never waits) when it is empty. */
  take(key: string, nowMs: number): TakeResult;
}

/**
 * One token bucket per caller: `ratePerSecond` on average, bursts up to `burst`. Unlike
 * mesh's createRateLimiter (which makes a caller wait), an API answers 429 at once.
 * At most `maxKeys` buckets are kept, least recently used evicted first, so a flood of
 * distinct callers cannot grow memory without bound (an evicted caller starts full).
 */
const ALLOWED: TakeResult = Object.freeze({ allowed: true });

export function createTokenBuckets(options: {
  ratePerSecond: number;
  burst: number;
  maxKeys?: number;
}): TokenBuckets {
  const { ratePerSecond, burst } = options;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  return {
    take(key, nowMs) {
      const bucket = buckets.get(key) ?? { tokens: burst, at: nowMs };
      // Re-insert to keep the Map in least-recently-used order.
      buckets.delete(key);
      const elapsed = Math.max(0, nowMs - bucket.at);
      const tokens = Math.min(burst, bucket.tokens + (elapsed / 1000) * ratePerSecond);
      const allowed = tokens >= 1 - 1e-9;
      // The bucket is this closure's own: updated in place, no object per request.
      bucket.tokens = allowed ? Math.max(0, tokens - 1) : tokens;
      bucket.at = nowMs;
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (allowed) return ALLOWED;
      return { allowed: false, retryAfterMs: Math.ceil(((1 - tokens) / ratePerSecond) * 1000) };
    },
  };
}
