import { TASK_ROLE_BOUNDARY } from "@bbws/contracts";
import type { DeployConfig } from "./deployConfig.ts";
import { fileSystemArn } from "./efsCrossAccount.ts";
import type { PolicyDocument } from "./policyDocument.ts";

/** The boundary's ARN in the served environment's account (compute creates roles only with it). */
export function taskRoleBoundaryArn(config: DeployConfig): string {
  return `arn:aws:iam::${config.account.accountId}:policy${TASK_ROLE_BOUNDARY.path}${TASK_ROLE_BOUNDARY.name}`;
}

/**
 * The most a tenant's task role can ever do, whatever compute writes into it: mount the file
 * system through an access point, read `bbws/*` secrets, write `/bbws/wp/*` logs. Compute may
 * create a role, and write its policy, only with this boundary (iam:PermissionsBoundary in its
 * grants), so a compromised compute cannot make an ECS task more than a WordPress task. Each
 * role's own policy narrows this to its tenant (packages/compute tenantTaskRolePolicy).
 * Created once in the environment's account from `npx tsx infra/printWorkloadPolicies.ts`.
 */
export function taskRoleBoundaryPolicy(config: DeployConfig): PolicyDocument {
  const { region, accountId } = config.account;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TenantContentThroughAccessPoints",
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: fileSystemArn(config),
        Condition: {
          ArnLike: {
            "elasticfilesystem:AccessPointArn": `arn:aws:elasticfilesystem:${region}:${accountId}:access-point/*`,
          },
        },
      },
      {
        Sid: "TenantSecrets",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:bbws/*`,
      },
      {
        Sid: "TenantLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${region}:${accountId}:log-group:/bbws/wp/*`,
      },
    ],
  };
}
