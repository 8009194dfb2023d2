import {
  type CognitoIdentityProviderClient,
  LimitExceededException,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";

async function countPools(client: CognitoIdentityProviderClient): Promise<number> {
  let total = 0;
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListUserPoolsCommand({ MaxResults: 60, ...(nextToken ? { NextToken: nextToken } : {}) }),
    );
    total += page.UserPools?.length ?? 0;
    nextToken = page.NextToken;
  } while (nextToken);
  return total;
}

/**
 * cognito-local enforces no user pool quota; Cognito does, by refusing CreateUserPool with
 * `LimitExceededException`. This makes the client answer so, through the SDK's own exception,
 * when the server already holds `quota` pools, so the adapter meets the quota locally as on AWS.
 * Counting every pool before a create is cheap here (a few pools, one server, no pagination);
 * on AWS nothing counts: Cognito refuses by itself.
 */
export function enforceUserPoolQuota(client: CognitoIdentityProviderClient, quota: number) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "CreateUserPoolCommand" && (await countPools(client)) >= quota)
        throw new LimitExceededException({
          message: `the region holds ${quota} user pools, its quota (cognito-local, enforced by the client)`,
          $metadata: { httpStatusCode: 400, attempts: 1 },
        });
      return next(args);
    },
    { step: "initialize", name: "localUserPoolQuota" },
  );
  return client;
}
