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
    // Keyed by the header as sent: a repeat skips the pattern, the verification and the claims.
    const known = header === undefined ? undefined : verified.get(header);
    if (known) return known;
    const match = header ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header) : null;
    const token = match?.[1];
    if (!header || !token)
      throw unauthenticated("send Authorization: Bearer <token> with a token of the operators' pool");
    if (token.length > MAX_TOKEN_LENGTH)
      throw unauthenticated("the bearer token is too long to be one of ours");
    let claims: Claims;
    try {
      claims = await verifier.verify(token);
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
    verified.put(header, claims.exp, caller);
    return caller;
  };
}

type Claims = Readonly<Record<string, unknown>>;

/**
 * Callers of verified tokens, until the tokens expire: an RS256 check costs more than the rest
 * of a read (~55 µs of ~100 µs), and a portal sends the same token for an hour. Keyed by the
 * Authorization header; bounded, oldest dropped first; a token is immutable, so a cached
 * verdict cannot go stale before `exp`. A token without `exp` is verified every time.
 */
function createVerifiedTokenCache(now: () => number, maxEntries = 1_000) {
  const entries = new Map<string, VerifiedEntry>();
  // The last header answered, compared before the Map: callers repeat one token, and a Map
  // lookup hashes the whole (~1 KB, fresh each request) header string every time.
  let lastHeader: string | undefined;
  let lastEntry: VerifiedEntry | undefined;
  const forget = (header: string) => {
    entries.delete(header);
    if (lastHeader === header) lastHeader = lastEntry = undefined;
  };
  return {
    get(header: string): Caller | undefined {
      const entry = header === lastHeader ? lastEntry : entries.get(header);
      if (!entry) return undefined;
      if (entry.expiresAt > now()) {
        lastHeader = header;
        lastEntry = entry;
        return entry.caller;
      }
      forget(header);
      return undefined;
    },
    put(header: string, exp: unknown, caller: Caller): void {
      if (typeof exp !== "number") return;
      entries.set(header, { caller, expiresAt: exp * 1000 });
      if (entries.size > maxEntries) forget(entries.keys().next().value ?? "");
    },
  };
}

interface VerifiedEntry {
  readonly caller: Caller;
  readonly expiresAt: number;
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
