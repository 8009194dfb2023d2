/** The operators' Cognito groups: operators may write (and read), viewers may read. */
export const OPERATOR_GROUP = "platform-operators";
export const VIEWER_GROUP = "platform-viewers";

/**
 * `read`: viewers and operators; `write`: operators; `operate`: operators only, even to read,
 * because the answer spans every tenant (dead letters, replays, orphans).
 */
export type Access = "read" | "write" | "operate";

export interface Caller {
  /** The token's `sub`: stable per user; scopes rate limits and idempotency keys. */
  readonly id: string;
  /** For the ledger's `requestedBy`: the username when the token has one. */
  readonly name: string;
  readonly groups: readonly string[];
}

export function mayAccess(caller: Caller, access: Access): boolean {
  if (caller.groups.includes(OPERATOR_GROUP)) return true;
  return access === "read" && caller.groups.includes(VIEWER_GROUP);
}

/**
 * `cognito:groups` is a JSON array in a verified token, but API Gateway's JWT authorizer
 * hands claims to the Lambda as strings, an array becoming `[a b]`.
 */
export function parseGroupsClaim(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === "string");
  if (typeof value !== "string") return [];
  const inner = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  return inner.split(/[\s,]+/).filter((group) => group.length > 0);
}

/** A caller from verified claims; null when the claims name nobody. */
export function callerFromClaims(claims: Readonly<Record<string, unknown>>): Caller | null {
  const { sub } = claims;
  if (typeof sub !== "string" || sub.length === 0 || sub.length > 256) return null;
  const username = claims.username ?? claims["cognito:username"];
  return {
    id: sub,
    name: typeof username === "string" && username.length > 0 ? username.slice(0, 256) : sub,
    groups: parseGroupsClaim(claims["cognito:groups"]),
  };
}
