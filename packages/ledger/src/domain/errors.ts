/** Base of the ledger's errors: a stable `code` and an ES `cause`. */
export class LedgerError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Another writer changed the instance since it was read: reload and decide again. */
export class VersionConflictError extends LedgerError {
  constructor(instanceId: string, options?: { cause?: unknown }) {
    super("LEDGER.VERSION_CONFLICT", `instance ${instanceId} changed concurrently`, options);
  }
}

/** The event was processed before (inbox): acknowledge it and do nothing. */
export class DuplicateEventError extends LedgerError {
  constructor(eventId: string, options?: { cause?: unknown }) {
    super("LEDGER.DUPLICATE_EVENT", `event ${eventId} was already processed`, options);
  }
}

/** The tenant already has a live instance in this environment. */
export class TenantSlotTakenError extends LedgerError {
  constructor(tenantId: string, environment: string, options?: { cause?: unknown }) {
    super("LEDGER.INSTANCE_EXISTS", `tenant ${tenantId} already has an instance in ${environment}`, options);
  }
}

export class LedgerUnavailableError extends LedgerError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("LEDGER.UNAVAILABLE", message, options);
  }
}

/** A `startAt` cursor that this store did not issue for this query (tampered, truncated or from another query). */
export class InvalidCursorError extends LedgerError {
  constructor(reason: string, options?: { cause?: unknown }) {
    super("LEDGER.INVALID_CURSOR", `invalid page cursor: ${reason}`, options);
  }
}
