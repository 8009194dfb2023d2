import type { RateLimiter } from "@bbws/mesh";
import { toIdentityError } from "./awsErrors.ts";

/**
 * How the adapters talk to AWS: one SDK call, its error mapped to an IdentityError. No retry
 * here: the SDK client carries the retry budget (awsSdkRetrySettings()) and a retryable
 * IdentityError sends the message back to SQS, the outer loop.
 */
export interface AwsCall {
  /** A read (Describe/List): not rate limited by us. */
  read<T>(action: string, call: () => Promise<T>): Promise<T>;
  /**
   * A create/update/delete: takes a token from the shared limiter first, so this account's
   * writes stay under Cognito's shared quota (a rate limit, not a retry).
   */
  write<T>(action: string, call: () => Promise<T>): Promise<T>;
}

export function createAwsCall(options: { limiter?: RateLimiter } = {}): AwsCall {
  const { limiter } = options;
  async function run<T>(action: string, call: () => Promise<T>, limited: boolean): Promise<T> {
    try {
      if (limited && limiter) await limiter.acquire();
      return await call();
    } catch (error) {
      throw toIdentityError(error, action);
    }
  }
  return {
    read: (action, call) => run(action, call, false),
    write: (action, call) => run(action, call, true),
  };
}
