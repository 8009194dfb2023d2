/** Base of every error this package throws: a stable `code` and an ES `cause`. */
export class ContractError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `detail.data.spec.tenantId`. */
  readonly field: string;
  readonly message: string;
}

export class EventValidationError extends ContractError {
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], options?: { cause?: unknown }) {
    super(
      "CONTRACTS.INVALID_EVENT",
      `invalid event: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`,
      options,
    );
    this.issues = issues;
  }
}

export class UnknownEventError extends ContractError {
  constructor(detailType: unknown) {
    super("CONTRACTS.UNKNOWN_EVENT", `unknown event detail-type ${JSON.stringify(detailType)}`);
  }
}

/**
 * What a service adapter throws: a stable `code` (`AREA.REASON`), whether
 * trying again may help, and the ES `cause`. Each service's domain/errors.ts
 * extends it.
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable;
  }
}
