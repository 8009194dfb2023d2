import { type RateLimiter, retryWithBackoff } from "@bbws/mesh";
import { isTransientAwsError, toIdentityError } from "./awsErrors.ts";

export interface BackoffSettings {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Injected in tests: no real sleeps. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

/** How the adapters talk to AWS: every call retried on transient faults and mapped to IdentityError. */
export interface AwsCall {
  /** A read (Describe/List): not rate limited by us. */
  read<T>(action: string, call: () => Promise<T>): Promise<T>;
  /** A create/update/delete: each attempt takes a token from the shared limiter first. */
  write<T>(action: string, call: () => Promise<T>): Promise<T>;
}

export function createAwsCall(options: { backoff: BackoffSettings; limiter?: RateLimiter }): AwsCall {
  const { backoff, limiter } = options;
  async function run<T>(action: string, call: () => Promise<T>, limited: boolean): Promise<T> {
    try {
      return await retryWithBackoff(
        async () => {
          if (limited && limiter) await limiter.acquire();
          return call();
        },
        { ...backoff, isRetryable: isTransientAwsError },
      );
    } catch (error) {
      throw toIdentityError(error, action);
    }
  }
  return {
    read: (action, call) => run(action, call, false),
    write: (action, call) => run(action, call, true),
  };
}
