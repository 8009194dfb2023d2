import { isRetryableAwsError } from "@bbws/mesh";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The AWS error's name, looking through an IdentityError to its cause. */
export function awsErrorName(error: unknown): string {
  const source = error instanceof IdentityError ? error.cause : error;
  return typeof source === "object" && source !== null ? ((source as AwsLikeError).name ?? "") : "";
}

/** The AWS error's message, looking through an IdentityError to its cause. */
export function awsErrorMessage(error: unknown): string {
  const source = error instanceof IdentityError ? error.cause : error;
  return typeof source === "object" && source !== null ? ((source as AwsLikeError).message ?? "") : "";
}

const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN"]);
const THROTTLING = /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown/;
const INVALID =
  /^(InvalidParameter|InvalidParameterValue|InvalidOAuthFlow|ScopeDoesNotExist|InvalidRequest|Validation|InvalidPassword|MalformedPolicyDocument|PreconditionNotMet)(Exception)?$/;
const DENIED =
  /^(NotAuthorized|AccessDenied|UnrecognizedClient|InvalidClientTokenId|ExpiredToken)(Exception)?$/;

/**
 * cognito-local answers 500 for calls it does not implement; retrying cannot
 * help. The SDK keeps the part of `__type` after `#` as the name.
 */
function isUnsupported(error: AwsLikeError): boolean {
  return error.name === "Unsupported" || /unsupported feature/i.test(error.message ?? "");
}

/**
 * Worth trying again (by SQS redelivery; the SDK has already retried within its budget):
 * throttling, 5xx and network faults; not a quota (`LimitExceededException` in Cognito and
 * Secrets Manager: mesh's `isRetryableAwsError` knows it).
 */
export function isTransientAwsError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const candidate = error as AwsLikeError;
  if (isUnsupported(candidate)) return false;
  if (NETWORK_CODES.has(candidate.code ?? "")) return true;
  return isRetryableAwsError(error);
}

/** Translates an AWS SDK error into the identity service's error, keeping it as `cause`. */
export function toIdentityError(error: unknown, action: string): IdentityError {
  if (error instanceof IdentityError) return error;
  const candidate = (typeof error === "object" && error !== null ? error : {}) as AwsLikeError;
  const name = candidate.name ?? "Error";
  const detail = `${action} failed: ${name}: ${candidate.message ?? String(error)}`;
  const fail = (code: (typeof IDENTITY_CODES)[keyof typeof IDENTITY_CODES], retryable: boolean) =>
    new IdentityError(code, detail, { retryable, cause: error });
  if (name === "LimitExceededException") return fail(IDENTITY_CODES.quotaExhausted, false);
  if (isUnsupported(candidate)) return fail(IDENTITY_CODES.unsupported, false);
  if (THROTTLING.test(name) || candidate.$metadata?.httpStatusCode === 429)
    return fail(IDENTITY_CODES.throttled, true);
  if (isTransientAwsError(error)) return fail(IDENTITY_CODES.unavailable, true);
  if (INVALID.test(name)) return fail(IDENTITY_CODES.invalidRequest, false);
  if (DENIED.test(name)) return fail(IDENTITY_CODES.accessDenied, false);
  return fail(IDENTITY_CODES.unexpected, true);
}
