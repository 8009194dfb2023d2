import { TASK_ROLE_BOUNDARY, TASK_ROLE_PATH } from "@bbws/contracts";
import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { OWN_RESOURCE_TAGS, WORKLOAD } from "../simulatedDeployment.ts";
import { request, type ServiceMapping } from "./commandMapping.ts";

/**
 * IAM in the environment's account: the tenants' task roles (compute; the orphan scan). IAM ARNs
 * carry no region and include the role's path; a role created with tags also needs iam:TagRole.
 * Inputs name a role by RoleName only: it is one of ours, under TASK_ROLE_PATH.
 */
export const taskRoleArn = (name: string, path = TASK_ROLE_PATH) =>
  `arn:aws:iam::${WORKLOAD.accountId}:role${path}${name}`;

const onRole = (action: string) => (input: { RoleName: string }) => [
  request(`iam:${action}`, taskRoleArn(input.RoleName), OWN_RESOURCE_TAGS),
];
/** A task role's boundary, as IAM sees it on CreateRole's input or on the role (compute always sets it). */
const boundary = (arn = `arn:aws:iam::0:policy${TASK_ROLE_BOUNDARY.path}${TASK_ROLE_BOUNDARY.name}`) => ({
  "iam:PermissionsBoundary": arn.replace(/^arn:aws:iam::\d+:/, `arn:aws:iam::${WORKLOAD.accountId}:`),
});

export const iam: ServiceMapping = {
  client: "IAMClient",
  account: "workload",
  commands: {
    GetAccountSummary: () => [request("iam:GetAccountSummary", "*")],
    CreateRole: (input) => {
      const role = taskRoleArn(input.RoleName, input.Path);
      const tags = requestTagKeys(tagRecord(input.Tags));
      return [
        request("iam:CreateRole", role, {
          ...tags,
          ...(input.PermissionsBoundary ? boundary(input.PermissionsBoundary) : {}),
        }),
        ...(input.Tags ? [request("iam:TagRole", role, tags, "tag-on-create: CreateRole's Tags")] : []),
      ];
    },
    GetRole: onRole("GetRole"),
    ListRoleTags: onRole("ListRoleTags"),
    PutRolePolicy: (input) => [
      request("iam:PutRolePolicy", taskRoleArn(input.RoleName), { ...OWN_RESOURCE_TAGS, ...boundary() }),
    ],
    DeleteRolePolicy: onRole("DeleteRolePolicy"),
    DeleteRole: onRole("DeleteRole"),
    ListRoles: () => [request("iam:ListRoles", "*")],
  },
};
