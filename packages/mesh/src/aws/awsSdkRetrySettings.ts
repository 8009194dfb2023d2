import { AdaptiveRetryStrategy } from "@smithy/core/retry";
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from "@smithy/types";

/**
 * The one retry budget of an AWS call (issue 14): the SDK tries each call at most this many
 * times, with adaptive retry (backoff plus a client-side rate limiter fed by throttling).
 * Nothing in the services retries around it; SQS redelivery is the only outer loop.
 */
export const AWS_SDK_MAX_ATTEMPTS = 3;

/**
 * Errors the SDK classifies as throttling (@smithy/core's THROTTLING_ERROR_CODES) that mean a
 * resource quota is reached on the services whose clients use `awsSdkRetrySettings()`: waiting
 * does not lift them. Only `LimitExceededException` is both on the SDK's list and a quota for us
 * (the other quota errors we meet, e.g. EFS's AccessPointLimitExceeded or ELBv2's
 * TooManyTargetGroups, are not on the SDK's list and were never retried). Per the API references:
 * - Cognito user pools (CreateUserPool, CreateUserPoolClient, CreateGroup, ...): "thrown when a
 *   user exceeds the limit for a requested AWS resource" (the throttle is TooManyRequestsException).
 * - IAM (CreateRole, ...): "attempted to create resources beyond the current AWS account limits".
 * - Secrets Manager (CreateSecret, ...): "would exceed one of the Secrets Manager quotas".
 * - CloudWatch Logs (CreateLogGroup, ...): "reached the maximum number of resources that can be
 *   created".
 * - EventBridge (PutRule, StartReplay, ...): "attempted to create resource beyond the allowed
 *   service quota".
 * - ECS: "the limit for the resource was exceeded"; CloudWatch: "the operation exceeded one or
 *   more limits".
 * The other clients we build (ELBv2, EFS, Route 53, Lambda, S3, SQS, STS, the tagging API) have
 * no LimitExceededException.
 * Not DynamoDB: its LimitExceededException is too many concurrent control-plane operations (500
 * table operations at once, 2 readers of a stream shard), which does pass: DynamoDB clients keep
 * the SDK's own strategy (`DYNAMODB_RETRY_SETTINGS`).
 */
const RESOURCE_QUOTA_ERRORS: ReadonlySet<string> = new Set(["LimitExceededException"]);

export function isResourceQuotaError(error: unknown): boolean {
  return error instanceof Error && RESOURCE_QUOTA_ERRORS.has(error.name);
}

/**
 * The SDK's adaptive strategy, except for resource quotas. The SDK's retry middleware asks
 * `refreshRetryTokenForRetry` after every failed attempt; when it throws, the middleware gives up
 * and rethrows the service's own error (with `$metadata.attempts`). The adaptive strategy would
 * first feed the error to its rate limiter (a "throttle" cuts the client's sending rate) and then
 * retry it; a quota error skips both: one request, and the limiter untouched.
 */
export function createQuotaAwareRetryStrategy(
  maxAttempts = AWS_SDK_MAX_ATTEMPTS,
): RetryStrategyV2 & { readonly mode: "adaptive" } {
  const adaptive = new AdaptiveRetryStrategy(maxAttempts);
  return {
    mode: "adaptive",
    acquireInitialRetryToken: (scope: string) => adaptive.acquireInitialRetryToken(scope),
    async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo) {
      if (isResourceQuotaError(errorInfo.error)) throw errorInfo.error;
      return adaptive.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
    },
    recordSuccess: (token: RetryToken) => adaptive.recordSuccess(token as StandardRetryToken),
  };
}

/**
 * Spread into every SDK client a Lambda (or the local stack) builds, DynamoDB's aside. A function,
 * not a constant: each client needs its own strategy, since the adaptive rate limiter inside it
 * measures that client's throttles (the SDK builds one per client in `retryMode: "adaptive"`).
 */
export function awsSdkRetrySettings() {
  return { maxAttempts: AWS_SDK_MAX_ATTEMPTS, retryStrategy: createQuotaAwareRetryStrategy() };
}
export type AwsSdkRetrySettings = ReturnType<typeof awsSdkRetrySettings>;

/**
 * DynamoDB clients: the SDK's own adaptive strategy (one per client, built by the SDK), so its
 * LimitExceededException stays a retried throttle and its base delay DynamoDB's (25 ms).
 */
export const DYNAMODB_RETRY_SETTINGS = { retryMode: "adaptive", maxAttempts: AWS_SDK_MAX_ATTEMPTS } as const;
