import { type OperationKind, ServiceError } from "@bbws/contracts";
import type { ProblemCode } from "./problemTable.ts";

/** One invalid field of a request, and what to do about it. */
export interface FieldError {
  /** Where the field is: the JSON body, the query string, the path or a header. */
  readonly in: "body" | "query" | "path" | "header";
  readonly field: string;
  readonly message: string;
}

/** Members a problem+json body may carry besides type, title, status, detail and code. */
export interface ProblemExtras {
  readonly errors?: readonly FieldError[];
  /** 409: the operations the instance's current state allows (empty while one is running). */
  readonly allowedOperations?: readonly OperationKind[];
  readonly instanceId?: string;
  /** 429 and 503: also sent as the Retry-After header. */
  readonly retryAfterSeconds?: number;
  /** 405: the methods the path accepts, also sent as the Allow header. */
  readonly allow?: readonly string[];
}

/**
 * The API's errors. `code` is a key of PROBLEMS (src/domain/problemTable.ts), the one
 * table that maps codes to HTTP statuses; the ledger's rejection codes are keys too.
 */
export class ApiError extends ServiceError {
  override readonly code: ProblemCode;
  readonly extras: ProblemExtras;
  constructor(
    code: ProblemCode,
    message: string,
    options: { extras?: ProblemExtras; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(code, message, { retryable: options.retryable ?? false, cause: options.cause });
    this.code = code;
    this.extras = options.extras ?? {};
  }
}

export function validationError(errors: readonly FieldError[]): ApiError {
  const summary = errors.map((error) => `${error.in} ${error.field}: ${error.message}`).join("; ");
  return new ApiError("API.VALIDATION_FAILED", `the request has invalid fields: ${summary}`, {
    extras: { errors },
  });
}
