/**
 * An error as an AWS JSON 1.1 service answers it: HTTP status, `x-amzn-ErrorType` and a body
 * `{"__type": ..., "message": ...}`. The SDK v3 and the AWS CLI turn `__type` into the error's
 * name/code, so a caller sees e.g. `ValidationException`, exactly as against AWS.
 */
export interface AwsJsonError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

export function awsJsonError(status: number, type: string, message: string): AwsJsonError {
  return { status, type, message };
}

/** The one error body shape of the AWS JSON protocols. */
export function errorBody(error: AwsJsonError): { __type: string; message: string } {
  return { __type: error.type, message: error.message };
}

// Messages as EventBridge writes them (EventBridge API reference, Common Errors, PutEvents).
export const MISSING_AUTHENTICATION = awsJsonError(
  403,
  "MissingAuthenticationTokenException",
  "Missing Authentication Token",
);
export const UNRECOGNIZED_CLIENT = awsJsonError(
  400,
  "UnrecognizedClientException",
  "The security token included in the request is invalid.",
);
export const SIGNATURE_MISMATCH = awsJsonError(
  403,
  "InvalidSignatureException",
  "The request signature we calculated does not match the signature you provided. " +
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
);
export const TOTAL_SIZE_OVER_LIMIT = awsJsonError(
  400,
  "ValidationException",
  "Total size of the entries in the request is over the limit.",
);
