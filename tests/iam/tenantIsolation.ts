import { readFileSync } from "node:fs";
import {
  accessPointArnOf,
  buildTaskDefinitionInput,
  type ComputeRequest,
  type IamPolicyDocument,
  type TaskRoleScope,
  taskRoleArnOf,
  tenantTaskRolePolicy,
} from "@bbws/compute";
import { ComputeRequested, type InstanceRef, resourceNames } from "@bbws/contracts";
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { fileSystemArn } from "../../infra/efsCrossAccount.ts";
import type { PolicyDocument } from "../../infra/policyDocument.ts";
import { taskRoleBoundaryPolicy } from "../../infra/taskRoleBoundary.ts";
import { EFS_FILE_SYSTEM_POLICY } from "./policies.ts";
import { CONFIG, WORKLOAD } from "./simulatedDeployment.ts";
import type { Decision } from "./simulateRequest.ts";

/** The environment the tenants run in: the deploy fixture's account, region and file system. */
export const SCOPE: TaskRoleScope = {
  accountId: WORKLOAD.accountId,
  region: WORKLOAD.region,
  fileSystemId: CONFIG.infra.efsFileSystemId,
};
const secret = (tenantId: string, name: string, suffix: string) =>
  `arn:aws:secretsmanager:${SCOPE.region}:${SCOPE.accountId}:secret:bbws/${tenantId}/dev/${name}-${suffix}`;

const FIXTURE = JSON.parse(
  readFileSync(
    new URL("../../packages/contracts/fixtures/ComputeRequested.v1.json", import.meta.url),
    "utf8",
  ),
);

export interface Tenant {
  readonly instance: InstanceRef;
  readonly request: ComputeRequest;
  readonly roleArn: string;
  readonly accessPointArn: string;
  readonly secrets: readonly string[];
  readonly logStream: string;
}

/** A tenant of the dev environment with its own access point and secrets (the ComputeRequested fixture, renamed). */
export function tenant(tenantId: string, instanceId: string, accessPointId: string): Tenant {
  const data = ComputeRequested.data.parse(FIXTURE.detail.data);
  const instance: InstanceRef = { tenantId, instanceId, environment: "dev" };
  const request: ComputeRequest = {
    ...data,
    spec: { ...data.spec, tenantId },
    storage: {
      ...data.storage,
      accessPointId,
      credentialsSecretRef: secret(tenantId, "db", "XyZ123"),
    },
    identity: { ...data.identity, clientSecretRef: secret(tenantId, "sso-client", "AbCdEf") },
  };
  const names = resourceNames(tenantId, "dev");
  return {
    instance,
    request,
    roleArn: taskRoleArnOf(SCOPE, instance),
    accessPointArn: accessPointArnOf(SCOPE, accessPointId),
    secrets: [request.storage.credentialsSecretRef, request.identity.clientSecretRef],
    logStream: `arn:aws:logs:${SCOPE.region}:${SCOPE.accountId}:log-group:${names.logGroup}:log-stream:${names.logStreamPrefix}/wordpress/0123456789abcdef`,
  };
}

/** The secrets a tenant's task definition makes ECS read (`{arn}:{json-key}::` → the ARN). */
export function referencedSecrets(owner: Tenant): string[] {
  const input = buildTaskDefinitionInput(owner.instance, owner.request, {
    cluster: CONFIG.infra.ecsClusterName,
    subnets: ["subnet-0aaa1111"],
    securityGroups: ["sg-0ccc3333"],
    ...SCOPE,
  });
  const refs = input.containerDefinitions?.flatMap((container) => container.secrets ?? []) ?? [];
  return [...new Set(refs.map((ref) => (ref.valueFrom ?? "").replace(/:[^:]*::$/, "")))];
}

export interface Ask {
  readonly action: string;
  readonly resource: string;
  readonly context?: Record<string, string>;
}

/** A mount through an access point (or none), over TLS unless said otherwise, through a mount target. */
export function mount(
  accessPointArn: string | undefined,
  options: { tls?: boolean; write?: boolean } = {},
): Ask {
  return {
    action: options.write ? "elasticfilesystem:ClientWrite" : "elasticfilesystem:ClientMount",
    resource: fileSystemArn(CONFIG),
    context: {
      "aws:SecureTransport": String(options.tls ?? true),
      "elasticfilesystem:AccessedViaMountTarget": "true",
      ...(accessPointArn ? { "elasticfilesystem:AccessPointArn": accessPointArn } : {}),
    },
  };
}

/**
 * What AWS decides for a task holding `policy` as the role `roleArn` (environment's account):
 * iam-simulate over the role's policy (within its boundary, if any) and, for a mount, the file
 * system's policy too.
 */
export async function decide(
  roleArn: string,
  policy: IamPolicyDocument,
  ask: Ask,
  boundary?: PolicyDocument,
): Promise<Decision> {
  const input = {
    identityPolicies: [{ name: "task-role", policy }],
    ...(boundary ? { permissionBoundaryPolicies: [{ name: "boundary", policy: boundary }] } : {}),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(ask.action.startsWith("elasticfilesystem:Client") ? { resourcePolicy: EFS_FILE_SYSTEM_POLICY } : {}),
    request: {
      action: ask.action,
      principal: roleArn,
      resource: { resource: ask.resource, accountId: WORKLOAD.accountId },
      contextVariables: {
        "aws:PrincipalArn": roleArn,
        "aws:PrincipalAccount": WORKLOAD.accountId,
        ...ask.context,
      },
    },
  } as Simulation;
  const result = await runSimulation(input, {});
  if (result.resultType === "error")
    throw new Error(
      `iam-simulate refused ${ask.action} on ${ask.resource}: ${JSON.stringify(result.errors)}`,
    );
  return result.overallResult as Decision;
}

/** The boundary every tenant role is created with (infra/taskRoleBoundary.ts). */
export const TASK_ROLE_BOUNDARY_POLICY = taskRoleBoundaryPolicy(CONFIG);

/** The role's policy as compute writes it (PutRolePolicy). */
export const perTenantPolicy = (owner: Tenant): IamPolicyDocument =>
  tenantTaskRolePolicy(SCOPE, owner.instance, owner.request);

/**
 * The planted change: the shared roles every tenant ran with before (docs/deploy.md's old
 * `taskRoleArn` and `taskExecutionRoleArn`), merged: a mount through ANY access point of the
 * account, every `bbws/*` secret, every tenant's logs.
 */
export function oldSharedPolicy(): IamPolicyDocument {
  const { region, accountId } = SCOPE;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: fileSystemArn(CONFIG),
        Condition: {
          ArnLike: {
            "elasticfilesystem:AccessPointArn": `arn:aws:elasticfilesystem:${region}:${accountId}:access-point/*`,
          },
        },
      },
      {
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: `arn:aws:secretsmanager:${region}:${accountId}:secret:bbws/*`,
      },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${region}:${accountId}:log-group:/bbws/wp/*`,
      },
    ],
  };
}

export const SHARED_ROLE_ARN = `arn:aws:iam::${WORKLOAD.accountId}:role/bbws-wp-task`;
