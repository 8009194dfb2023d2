/**
 * The one table mapping error codes to HTTP statuses (STYLE.md: only the API does this).
 * Codes are stable: clients branch on `code`, never on `title` or `detail`. The ledger's
 * rejection codes (`LEDGER.*`, from `CommandResult`) and the store errors the ports may
 * throw are mapped here too.
 */
export const PROBLEMS = {
  "API.VALIDATION_FAILED": { status: 400, title: "The request has invalid fields" },
  "API.MALFORMED_JSON": { status: 400, title: "The body is not valid JSON" },
  "API.INVALID_CURSOR": { status: 400, title: "The page cursor is not valid" },
  "LEDGER.INVALID_CURSOR": { status: 400, title: "The page cursor is not valid" },
  "API.UNAUTHENTICATED": { status: 401, title: "A valid bearer token is required" },
  "API.FORBIDDEN": { status: 403, title: "Your groups do not allow this" },
  "API.ROUTE_NOT_FOUND": { status: 404, title: "There is no such resource" },
  "API.INSTANCE_NOT_FOUND": { status: 404, title: "The instance does not exist" },
  "LEDGER.INSTANCE_NOT_FOUND": { status: 404, title: "The instance does not exist" },
  "API.OPERATION_NOT_FOUND": { status: 404, title: "The operation does not exist" },
  "API.CLEANUP_NOT_FOUND": { status: 404, title: "The orphan cleanup does not exist" },
  "LEDGER.BACKUP_NOT_FOUND": { status: 404, title: "The backup does not belong to this instance" },
  "API.METHOD_NOT_ALLOWED": { status: 405, title: "The resource does not accept this method" },
  "LEDGER.INSTANCE_EXISTS": { status: 409, title: "The tenant already has an instance there" },
  "LEDGER.OPERATION_IN_PROGRESS": { status: 409, title: "Another operation is still running" },
  "LEDGER.TRANSITION_FORBIDDEN": { status: 409, title: "The instance's state does not allow this" },
  "API.INSTANCE_NOT_SERVING": { status: 409, title: "The instance is not ACTIVE: its health is not checked" },
  "API.IDEMPOTENCY_IN_PROGRESS": { status: 409, title: "A request with this Idempotency-Key is running" },
  "API.REPLAY_EXISTS": { status: 409, title: "A replay with this name exists already" },
  "API.REPLAY_LIMIT_EXCEEDED": { status: 409, title: "Too many replays are running; wait for one to end" },
  "API.PAYLOAD_TOO_LARGE": { status: 413, title: "The body is too large" },
  "API.UNSUPPORTED_MEDIA_TYPE": { status: 415, title: "The body must be application/json" },
  "API.IDEMPOTENCY_KEY_REUSED": { status: 422, title: "The Idempotency-Key was used for another request" },
  "API.REPLAY_REJECTED": { status: 422, title: "The archive cannot replay this window" },
  "API.RATE_LIMITED": { status: 429, title: "Too many requests" },
  "API.INTERNAL": { status: 500, title: "Something went wrong on our side" },
  "API.NOT_IMPLEMENTED": { status: 501, title: "Not implemented yet" },
  "API.DEPENDENCY_UNAVAILABLE": { status: 503, title: "A dependency is unavailable; retry later" },
  "LEDGER.UNAVAILABLE": { status: 503, title: "The ledger is unavailable; retry later" },
  "LEDGER.VERSION_CONFLICT": { status: 503, title: "The instance is changing concurrently; retry" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export function isProblemCode(code: unknown): code is ProblemCode {
  return typeof code === "string" && Object.hasOwn(PROBLEMS, code);
}

/** `API.IDEMPOTENCY_KEY_REUSED` → `idempotency-key-reused`, the anchor of its entry on /docs. */
export function problemSlug(code: ProblemCode): string {
  return code
    .slice(code.indexOf(".") + 1)
    .toLowerCase()
    .replaceAll("_", "-");
}

/**
 * A relative reference to the problem's entry on the docs page served by the API itself,
 * so the `type` resolves to an explanation wherever the API is deployed.
 */
export function problemType(code: ProblemCode): string {
  return `/docs#problem-${code.startsWith("LEDGER.") ? "ledger-" : ""}${problemSlug(code)}`;
}
