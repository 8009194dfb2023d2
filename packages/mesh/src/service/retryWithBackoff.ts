export interface BackoffOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Whether trying again may help (throttling, 5xx, timeouts). */
  readonly isRetryable: (error: unknown) => boolean;
}

/**
 * Retries a call with exponential backoff and full jitter; rethrows the last error.
 * Not for AWS SDK calls in the services: the SDK clients carry the one retry budget
 * (AWS_SDK_RETRY_SETTINGS) and SQS redelivery is the outer loop (docs/architecture.md).
 */
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
