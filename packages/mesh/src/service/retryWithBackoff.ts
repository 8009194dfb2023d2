export interface BackoffOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Whether trying again may help (throttling, 5xx, timeouts). */
  readonly isRetryable: (error: unknown) => boolean;
}

/** Retries a call with exponential backoff and full jitter; rethrows the last error. */
export async function retryWithBackoff<T>(call: () => Promise<T>, options: BackoffOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= options.maxAttempts || !options.isRetryable(error)) throw error;
      const ceiling = Math.min(
        options.baseDelayMs * 2 ** (attempt - 1),
        options.maxDelayMs ?? Number.POSITIVE_INFINITY,
      );
      await sleep(ceiling * random());
    }
  }
}

/** AWS SDK v3 errors worth retrying: throttling, server faults, timeouts. */
export function isRetryableAwsError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as {
    name?: string;
    $fault?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (candidate.$retryable) return true;
  if (candidate.$fault === "server") return true;
  const status = candidate.$metadata?.httpStatusCode ?? 0;
  if (status === 429 || status >= 500) return true;
  return /Throttl|TooManyRequests|RequestLimitExceeded|LimitExceeded|ProvisionedThroughputExceeded|Timeout|ServiceUnavailable|InternalError/.test(
    candidate.name ?? "",
  );
}
