import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Environment, ResourceDriftCheck } from "@bbws/contracts";
import { awsErrorName } from "./awsErrors.ts";

const USER_POOL = "identity:user-pool";

/**
 * Identity's share of the AWS drift part: DescribeUserPool of the recorded pool. Cognito answers
 * a deleted pool with ResourceNotFoundException: missing; any other error rejects (the part's
 * error, not drift). One read call, outside the pool's create/update/delete quota.
 */
export function createCognitoIdentityDriftCheck(deps: {
  readonly cognitoFor: (environment: Environment) => Pick<CognitoIdentityProviderClient, "send">;
}): ResourceDriftCheck {
  return {
    kinds: [USER_POOL],
    async missing(target, signal) {
      const identity = target.outputs.identity;
      if (!identity) return [];
      try {
        await deps
          .cognitoFor(target.environment)
          .send(new DescribeUserPoolCommand({ UserPoolId: identity.userPoolId }), { abortSignal: signal });
        return [];
      } catch (error) {
        if (awsErrorName(error) === "ResourceNotFoundException") return [USER_POOL];
        throw error;
      }
    },
  };
}
