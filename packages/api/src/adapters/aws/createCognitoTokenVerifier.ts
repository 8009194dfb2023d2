import { CognitoJwtVerifier } from "aws-jwt-verify";
import { FetchError } from "aws-jwt-verify/error";
import type { Jwks } from "aws-jwt-verify/jwk";
import { ApiError } from "../../domain/errors.ts";
import type { TokenVerifier } from "../../ports.ts";

/**
 * Verifies access tokens of the operators' Cognito pool, for deployments where the
 * handler itself authenticates (`auth.mode: "verify"`); behind API Gateway's JWT
 * authorizer use `auth.mode: "gateway"` instead. The JWKS is fetched once and cached
 * by aws-jwt-verify; `jwks` pre-loads it (tests, or a cold start without egress).
 */
export function createCognitoTokenVerifier(options: {
  userPoolId: string;
  clientId: string | string[];
  jwks?: Jwks;
}): TokenVerifier {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: options.userPoolId,
    tokenUse: "access",
    clientId: options.clientId,
  });
  if (options.jwks) verifier.cacheJwks(options.jwks);
  return {
    async verify(token) {
      try {
        return (await verifier.verify(token)) as unknown as Readonly<Record<string, unknown>>;
      } catch (error) {
        if (error instanceof FetchError)
          throw new ApiError("API.DEPENDENCY_UNAVAILABLE", "the Cognito JWKS cannot be fetched", {
            cause: error,
            retryable: true,
          });
        throw error;
      }
    },
  };
}
