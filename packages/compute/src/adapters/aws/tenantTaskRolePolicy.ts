import { type InstanceRef, resourceNames, TASK_ROLE_BOUNDARY, TASK_ROLE_PATH } from "@bbws/contracts";
import type { ComputeRequest } from "../../ports.ts";

/** An IAM policy document, as CreateRole and PutRolePolicy take it (JSON-encoded). */
export interface IamPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

/** Where the tenant's role lives: the environment's account and region, the shared file system. */
export interface TaskRoleScope {
  readonly accountId: string;
  readonly region: string;
  readonly fileSystemId: string;
}

/** The name of the role's only inline policy. */
export const TASK_ROLE_POLICY_NAME = "bbws-tenant-isolation";

export function taskRoleArnOf(scope: Pick<TaskRoleScope, "accountId">, instance: InstanceRef): string {
  const name = resourceNames(instance.tenantId, instance.environment).taskRole;
  return `arn:aws:iam::${scope.accountId}:role${TASK_ROLE_PATH}${name}`;
}

/** The boundary the role is created with (infra prints the policy: infra/taskRoleBoundary.ts). */
export function taskRoleBoundaryArnOf(scope: Pick<TaskRoleScope, "accountId">): string {
  return `arn:aws:iam::${scope.accountId}:policy${TASK_ROLE_BOUNDARY.path}${TASK_ROLE_BOUNDARY.name}`;
}

export function accessPointArnOf(scope: TaskRoleScope, accessPointId: string): string {
  return `arn:aws:elasticfilesystem:${scope.region}:${scope.accountId}:access-point/${accessPointId}`;
}

export function fileSystemArnOf(scope: TaskRoleScope): string {
  return `arn:aws:elasticfilesystem:${scope.region}:${scope.accountId}:file-system/${scope.fileSystemId}`;
}

/**
 * Only ECS tasks of this account may assume the role (the confused-deputy conditions AWS
 * recommends for task roles); the same role is the task's execution role.
 */
export function taskRoleTrustPolicy(scope: Pick<TaskRoleScope, "accountId" | "region">): IamPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": scope.accountId },
          ArnLike: { "aws:SourceArn": `arn:aws:ecs:${scope.region}:${scope.accountId}:*` },
        },
      },
    ],
  };
}

/**
 * Everything the tenant's tasks may do, and nothing of another tenant's: mount and write the
 * shared file system only through the tenant's own access point; read the two secrets its task
 * definition references (ECS reads them at start as the execution role, which is this role);
 * write its own log streams. The container reaches these credentials too, so each grant names
 * the tenant's own resource exactly: plugin code gains nothing its task does not already hold.
 */
export function tenantTaskRolePolicy(
  scope: TaskRoleScope,
  instance: InstanceRef,
  request: ComputeRequest,
): IamPolicyDocument {
  const names = resourceNames(instance.tenantId, instance.environment);
  const logGroup = `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${names.logGroup}`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "MountOwnAccessPointOnly",
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: fileSystemArnOf(scope),
        Condition: {
          StringEquals: {
            "elasticfilesystem:AccessPointArn": accessPointArnOf(scope, request.storage.accessPointId),
          },
        },
      },
      {
        Sid: "ReadReferencedSecretsOnly",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [request.storage.credentialsSecretRef, request.identity.clientSecretRef],
      },
      {
        Sid: "WriteOwnLogStreamsOnly",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${logGroup}:log-stream:${names.logStreamPrefix}/*`,
      },
    ],
  };
}
