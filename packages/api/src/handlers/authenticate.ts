import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { type Caller, callerFromClaims } from "../domain/authorize.ts";
import { ApiError } from "../domain/errors.ts";
import type { TokenVerifier } from "../ports.ts";
import { headerOf } from "./requestInput.ts";

/**
 * How callers are authenticated:
 * - `verify`: the handler verifies the bearer token itself (locally, with the local
 *   issuer's JWKS; or with a Cognito verifier where no gateway authorizer runs);
 * - `gateway`: API Gateway's JWT authorizer verified it; the claims are in the request context.
 */
export type AuthConfig =
  | { readonly mode: "verify"; readonly verifier: TokenVerifier }
  | { readonly mode: "gateway" };

export type Authenticate = (event: APIGatewayProxyEventV2) => Promise<Caller>;

const MAX_TOKEN_LENGTH = 8192;

function unauthenticated(message: string, cause?: unknown): ApiError {
  return new ApiError("API.UNAUTHENTICATED", message, { cause });
}

export function createAuthenticate(config: AuthConfig, now: () => number = Date.now): Authenticate {
  if (config.mode === "gateway") return async (event) => fromGatewayClaims(event);
  const verified = createVerifiedTokenCache(now);
  const { verifier } = config;
  return async (event) => {
    const header = headerOf(event, "authorization");
    const match = header ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header) : null;
    const token = match?.[1];
    if (!token)
      throw unauthenticated("send Authorization: Bearer <token> with a token of the operators' pool");
    if (token.length > MAX_TOKEN_LENGTH)
      throw unauthenticated("the bearer token is too long to be one of ours");
    let claims = verified.get(token);
    try {
      claims ??= verified.put(token, await verifier.verify(token));
    } catch (error) {
      // A verifier signals its own failures (keys that cannot be fetched: 503) as ApiErrors.
      if (error instanceof ApiError) throw error;
      throw unauthenticated(
        "the bearer token is not valid (expired, not signed by our issuer, or malformed)",
        error,
      );
    }
    const caller = callerFromClaims(claims);
    if (!caller) throw unauthenticated("the bearer token names no subject");
    return caller;
  };
}

type Claims = Readonly<Record<string, unknown>>;

/**
 * Verified tokens, until they expire: an RS256 check costs more than the rest of a read
 * (~55 µs of ~100 µs), and a portal sends the same token for an hour. Bounded, oldest
 * dropped first; a token is immutable, so a cached verdict cannot go stale before `exp`.
 */
function createVerifiedTokenCache(now: () => number, maxEntries = 1_000) {
  const entries = new Map<string, { claims: Claims; expiresAt: number }>();
  return {
    get(token: string): Claims | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.expiresAt > now()) return entry.claims;
      entries.delete(token);
      return undefined;
    },
    put(token: string, claims: Claims): Claims {
      const exp = claims.exp;
      if (typeof exp !== "number") return claims;
      entries.set(token, { claims, expiresAt: exp * 1000 });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value ?? "");
      return claims;
    },
  };
}

function fromGatewayClaims(event: APIGatewayProxyEventV2): Caller {
  const context = event.requestContext as { authorizer?: { jwt?: { claims?: unknown } } };
  const claims = context.authorizer?.jwt?.claims;
  if (typeof claims !== "object" || claims === null)
    throw unauthenticated("no verified claims: the API Gateway JWT authorizer must run before this handler");
  const caller = callerFromClaims(claims as Record<string, unknown>);
  if (!caller) throw unauthenticated("the verified token names no subject");
  return caller;
}
