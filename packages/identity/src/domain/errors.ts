import { ServiceError } from "@bbws/contracts";

/** Every failure the identity service reports; the code travels in `IdentityFailed`. */
export const IDENTITY_CODES = {
  /** The region holds its quota of user pools (1,000 by default), or another Cognito/Secrets Manager quota is hit. */
  quotaExhausted: "IDENTITY.QUOTA_EXHAUSTED",
  /** Cognito or Secrets Manager throttled us, even after backing off: worth retrying later. */
  throttled: "IDENTITY.THROTTLED",
  /** Cognito or Secrets Manager failed on its side (5xx, network): worth retrying. */
  unavailable: "IDENTITY.UNAVAILABLE",
  /** The cloud refused the request's content (invalid parameters): retrying will not help. */
  invalidRequest: "IDENTITY.INVALID_REQUEST",
  /** Missing permissions or credentials: retrying will not help until IAM is fixed. */
  accessDenied: "IDENTITY.ACCESS_DENIED",
  /** The hosted-UI domain prefix belongs to a user pool that is not this instance's. */
  domainTaken: "IDENTITY.DOMAIN_TAKEN",
  /** The client secret's name is held by a secret of another instance (a leftover to clean up). */
  secretConflict: "IDENTITY.SECRET_CONFLICT",
  /** A secret of that name is still being deleted (ForceDeleteWithoutRecovery is asynchronous). */
  secretPendingDeletion: "IDENTITY.SECRET_PENDING_DELETION",
  /** The Cognito-compatible server does not implement a call (cognito-local has no domains). */
  unsupported: "IDENTITY.UNSUPPORTED",
  /** Anything else; treated as transient, as for any idempotent step. */
  unexpected: "IDENTITY.UNEXPECTED",
} as const;
export type IdentityErrorCode = (typeof IDENTITY_CODES)[keyof typeof IDENTITY_CODES];

/** Errors of the identity service; codes are `IDENTITY.*`. */
export class IdentityError extends ServiceError {
  declare readonly code: IdentityErrorCode;
  constructor(code: IdentityErrorCode, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(code, message, options);
  }
}
