import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { OWN_RESOURCE_TAGS, workloadArn } from "../simulatedDeployment.ts";
import { type CommandInput, request, type ServiceMapping } from "./commandMapping.ts";

/** Cognito user pools: the pool's ARN from its id; the pools are ours, so they carry our tags. */
const pool = (input: CommandInput) => workloadArn("cognito-idp", `userpool/${input.UserPoolId}`);
const onPool = (action: string) => (input: CommandInput) => [
  request(`cognito-idp:${action}`, pool(input), OWN_RESOURCE_TAGS),
];

export const cognito: ServiceMapping = {
  client: "CognitoIdentityProviderClient",
  account: "workload",
  commands: {
    ListUserPools: () => [request("cognito-idp:ListUserPools", "*")],
    DescribeUserPoolDomain: () => [request("cognito-idp:DescribeUserPoolDomain", "*")],
    CreateUserPool: (input) => {
      const context = requestTagKeys(tagRecord(input.UserPoolTags));
      // Tag-on-create: the new pool (its id is AWS's to give) is tagged with the request's tags.
      const created = workloadArn("cognito-idp", "userpool/eu-west-1_NewPool01");
      return [
        request("cognito-idp:CreateUserPool", "*", context),
        ...(input.UserPoolTags
          ? [request("cognito-idp:TagResource", created, context, "tag-on-create: UserPoolTags")]
          : []),
      ];
    },
    DescribeUserPool: onPool("DescribeUserPool"),
    DeleteUserPool: onPool("DeleteUserPool"),
    CreateUserPoolClient: onPool("CreateUserPoolClient"),
    DescribeUserPoolClient: onPool("DescribeUserPoolClient"),
    ListUserPoolClients: onPool("ListUserPoolClients"),
    DeleteUserPoolClient: onPool("DeleteUserPoolClient"),
    CreateGroup: onPool("CreateGroup"),
    ListGroups: onPool("ListGroups"),
    CreateUserPoolDomain: onPool("CreateUserPoolDomain"),
    DeleteUserPoolDomain: onPool("DeleteUserPoolDomain"),
    AdminCreateUser: onPool("AdminCreateUser"),
    AdminSetUserPassword: onPool("AdminSetUserPassword"),
    AdminAddUserToGroup: onPool("AdminAddUserToGroup"),
  },
};
