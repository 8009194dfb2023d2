import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { InstanceRef } from "@bbws/contracts";

/** Pools of that name tagged with the instance (names are shared by a tenant's environments). */
export async function ownPools(cognito: CognitoIdentityProviderClient, name: string, instance: InstanceRef) {
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const own: string[] = [];
  for (const pool of UserPools.filter((candidate) => candidate.Name === name)) {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    if (UserPool?.UserPoolTags?.["bbws:instanceId"] === instance.instanceId) own.push(String(pool.Id));
  }
  return own;
}
