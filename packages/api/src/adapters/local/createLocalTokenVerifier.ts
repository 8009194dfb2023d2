import { JwtRsaVerifier } from "aws-jwt-verify";
import type { Jwks } from "aws-jwt-verify/jwk";
import type { TokenVerifier } from "../../ports.ts";
import type { LocalJwks } from "./createLocalIssuer.ts";

/**
 * Verifies the local issuer's tokens with aws-jwt-verify, from a JWKS handed over at
 * start (no HTTP fetch: `verifySync` only uses the cached keys, so an unknown `kid`
 * fails at once instead of reaching for a JWKS URL that does not exist).
 */
export function createLocalTokenVerifier(options: { issuer: string; jwks: LocalJwks }): TokenVerifier {
  const verifier = JwtRsaVerifier.create({
    issuer: options.issuer,
    audience: null,
    jwksUri: `${options.issuer}/.well-known/jwks.json`,
  });
  verifier.cacheJwks(options.jwks as unknown as Jwks);
  return {
    async verify(token) {
      return verifier.verifySync(token) as Readonly<Record<string, unknown>>;
    },
  };
}
