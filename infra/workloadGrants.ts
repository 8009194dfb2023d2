import type { PolicyCondition, WorkloadGrant, WorkloadRoleUser } from "./iamTable.ts";

/**
 * The second half of the IAM table (see iamTable.ts): what each service's adapters call with
 * the role they assume in the environment's account. Copied from the package READMEs' IAM
 * sections. Placeholders: {region}, {account}, {cluster}, {fileSystemId}, {listeners},
 * {listenerRules}, {rdsMasterSecret}, {hostedZones}; a list placeholder expands to
 * one resource per item (a statement left with no resource is dropped).
 */
const managedBy = (key: "aws:ResourceTag" | "aws:RequestTag"): PolicyCondition => ({
  test: "StringEquals",
  variable: `${key}/bbws:managedBy`,
  values: ["bbws-instance-management"],
});

const userPools = "arn:aws:cognito-idp:{region}:{account}:userpool/*";
const targetGroups = "arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/tg-*/*";
const services = "arn:aws:ecs:{region}:{account}:service/{cluster}/wp-*";
const tenantLogGroups = "arn:aws:logs:{region}:{account}:log-group:/bbws/wp/*";
/** The tenants' own task roles (compute creates them: packages/compute, TASK_ROLE_PATH + resourceNames().taskRole). */
const tenantTaskRoles = "arn:aws:iam::{account}:role/bbws/tenants/wp-*-task";
/** A role compute makes or edits carries the tenant task boundary: its policy can never exceed it. */
const withTaskRoleBoundary: PolicyCondition = {
  test: "StringEquals",
  variable: "iam:PermissionsBoundary",
  values: ["arn:aws:iam::{account}:policy/bbws/bbws-tenant-task-boundary"],
};
const fileSystem = "arn:aws:elasticfilesystem:{region}:{account}:file-system/{fileSystemId}";
const accessPoints = "arn:aws:elasticfilesystem:{region}:{account}:access-point/*";

/** The tenants' database credentials secrets (`bbws/{tenantId}/{env}/db` + Secrets Manager's suffix). */
const dbSecrets = "arn:aws:secretsmanager:{region}:{account}:secret:bbws/*/*/db-*";

/**
 * The live check's drift part (infra/lambdas/healthDeps.ts), in the API and the sweep alike;
 * storage's share runs in the storage drift function (its own grants below).
 */
function driftGrants(who: string): WorkloadGrant[] {
  return [
    {
      actions: ["cognito-idp:DescribeUserPool"],
      resources: [userPools],
      conditions: [managedBy("aws:ResourceTag")],
      why: `${who}: the drift part's user pool (createCognitoIdentityDriftCheck)`,
    },
    {
      actions: ["iam:GetRole"],
      resources: [tenantTaskRoles],
      why: `${who}: the drift part's task role (createEcsServiceDriftCheck); no tag condition, which would turn a deleted role into AccessDenied`,
    },
  ];
}

export const WORKLOAD_GRANTS: Readonly<Record<WorkloadRoleUser, readonly WorkloadGrant[]>> = {
  identity: [
    {
      actions: [
        "cognito-idp:ListUserPools",
        "cognito-idp:DescribeUserPoolDomain",
        "cognito-idp:CreateUserPool",
      ],
      resources: ["*"],
      why: "quota count and adoption; domains are addressed by prefix; a new pool has no ARN yet",
    },
    {
      actions: [
        "cognito-idp:DescribeUserPool",
        "cognito-idp:CreateUserPoolClient",
        "cognito-idp:DescribeUserPoolClient",
        "cognito-idp:ListUserPoolClients",
        "cognito-idp:DeleteUserPoolClient",
        "cognito-idp:CreateGroup",
        "cognito-idp:CreateUserPoolDomain",
        "cognito-idp:DeleteUserPoolDomain",
        "cognito-idp:DeleteUserPool",
      ],
      resources: [userPools],
      conditions: [managedBy("aws:ResourceTag")],
      why: "the tenant's pool, client, groups and domain",
    },
    {
      actions: ["cognito-idp:TagResource"],
      resources: [userPools],
      conditions: [managedBy("aws:RequestTag")],
      why: "UserPoolTags given to CreateUserPool (conservatively: it may be evaluated separately)",
    },
    {
      actions: [
        "secretsmanager:CreateSecret",
        "secretsmanager:TagResource",
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutSecretValue",
        "secretsmanager:DeleteSecret",
      ],
      resources: ["arn:aws:secretsmanager:{region}:{account}:secret:bbws/*/*/sso-client-*"],
      why: "the SSO client secret",
    },
  ],
  routing: [
    {
      actions: [
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup",
      ],
      resources: [targetGroups],
      why: "the tenant's target group, tagged at creation, with its deregistration delay",
    },
    {
      actions: ["elasticloadbalancing:CreateRule", "elasticloadbalancing:AddTags"],
      resources: ["{listeners}", "{listenerRules}"],
      why: "the host-header rule on the pool's listeners",
    },
    {
      actions: ["elasticloadbalancing:ModifyRule", "elasticloadbalancing:DeleteRule"],
      resources: ["{listenerRules}"],
      why: "suspend/resume (503 maintenance) and release",
    },
    {
      actions: [
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeRules",
        "elasticloadbalancing:DescribeLoadBalancers",
      ],
      resources: ["*"],
      why: "Describe actions take no resource-level permissions (DescribeLoadBalancers: the alias target)",
    },
    {
      actions: ["route53:ChangeResourceRecordSets"],
      resources: ["{hostedZones}"],
      why: "the tenant's alias record (UPSERT on ensure, DELETE on release); only with a hosted zone configured",
    },
  ],
  compute: [
    {
      actions: ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:DescribeServices"],
      resources: [services],
      why: "the tenant's Fargate service",
    },
    {
      actions: ["ecs:RunTask"],
      resources: ["arn:aws:ecs:{region}:{account}:task-definition/wp-*:*"],
      why: "the one-off WordPress install task of the tenant's revision",
    },
    {
      actions: ["ecs:DescribeTasks"],
      resources: ["arn:aws:ecs:{region}:{account}:task/{cluster}/*"],
      why: "checkHealth waits for the install task to stop",
    },
    {
      actions: ["ecs:TagResource"],
      resources: [
        services,
        "arn:aws:ecs:{region}:{account}:task-definition/wp-*:*",
        "arn:aws:ecs:{region}:{account}:task/{cluster}/*",
      ],
      conditions: [
        {
          test: "StringEquals",
          variable: "ecs:CreateAction",
          values: ["CreateService", "RegisterTaskDefinition", "RunTask"],
        },
      ],
      why: "tags given at creation",
    },
    {
      actions: [
        "ecs:RegisterTaskDefinition",
        "ecs:ListTaskDefinitions",
        "ecs:DeregisterTaskDefinition",
        "ecs:DeleteTaskDefinitions",
        "elasticloadbalancing:DescribeTargetHealth",
      ],
      resources: ["*"],
      why: "no resource-level scoping for these actions",
    },
    {
      actions: ["iam:PassRole"],
      resources: [tenantTaskRoles],
      conditions: [
        { test: "StringEquals", variable: "iam:PassedToService", values: ["ecs-tasks.amazonaws.com"] },
      ],
      why: "the task definition's role (the tenant's own: task and execution role), to ECS tasks only",
    },
    {
      actions: ["iam:CreateRole"],
      resources: [tenantTaskRoles],
      conditions: [managedBy("aws:RequestTag"), withTaskRoleBoundary],
      why: "createTaskRole: the tenant's role, tagged, never without the boundary (infra/taskRoleBoundary.ts)",
    },
    {
      actions: ["iam:TagRole"],
      resources: [tenantTaskRoles],
      conditions: [managedBy("aws:RequestTag")],
      why: "createTaskRole: tags on create",
    },
    {
      actions: ["iam:PutRolePolicy"],
      resources: [tenantTaskRoles],
      conditions: [managedBy("aws:ResourceTag"), withTaskRoleBoundary],
      why: "createTaskRole: the role's policy, only on a tagged role that has the boundary",
    },
    {
      actions: ["iam:DeleteRolePolicy", "iam:DeleteRole"],
      resources: [tenantTaskRoles],
      conditions: [managedBy("aws:ResourceTag")],
      why: "deleteTaskRole: only roles this system tagged",
    },
    {
      actions: ["iam:GetRole"],
      resources: [tenantTaskRoles],
      why: "whose role it is, and its age (a tag condition would turn a missing role into AccessDenied)",
    },
    {
      actions: ["iam:GetAccountSummary"],
      resources: ["*"],
      why: "createTaskRole reads the role quota before it creates anything (no resource-level scoping)",
    },
    {
      actions: ["logs:CreateLogGroup", "logs:PutRetentionPolicy", "logs:TagResource"],
      resources: [tenantLogGroups],
      why: "the tenant's log group",
    },
    { actions: ["logs:FilterLogEvents"], resources: [`${tenantLogGroups}:*`], why: "readLogs" },
  ],
  storage: [
    {
      actions: ["elasticfilesystem:CreateAccessPoint"],
      resources: [fileSystem],
      conditions: [managedBy("aws:RequestTag")],
      why: "the tenant's access point",
    },
    {
      actions: ["elasticfilesystem:TagResource"],
      resources: [accessPoints],
      conditions: [
        managedBy("aws:RequestTag"),
        { test: "StringEquals", variable: "elasticfilesystem:CreateAction", values: ["CreateAccessPoint"] },
      ],
      why: "tag-on-create: EFS authorises the Tags of CreateAccessPoint as TagResource on the new access point",
    },
    {
      actions: ["elasticfilesystem:DescribeAccessPoints"],
      resources: [fileSystem, accessPoints],
      why: "wait until available; find by root path on release",
    },
    {
      actions: ["elasticfilesystem:DeleteAccessPoint"],
      resources: [accessPoints],
      conditions: [managedBy("aws:ResourceTag")],
      why: "release",
    },
    {
      actions: [
        "secretsmanager:GetSecretValue",
        "secretsmanager:CreateSecret",
        "secretsmanager:TagResource",
        "secretsmanager:DeleteSecret",
      ],
      resources: ["arn:aws:secretsmanager:{region}:{account}:secret:bbws/*"],
      why: "the tenant's database credentials",
    },
    {
      actions: [
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecretVersionStage",
      ],
      resources: [dbSecrets],
      why: "credentials rotation, AWS's rotation steps: AWSPENDING put (createSecret), AWSCURRENT moved (finishSecret), AWSPREVIOUS dropped once revoked",
    },
    {
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["{rdsMasterSecret}"],
      why: "the storage Lambda's admin pool on RDS (deps.ts)",
    },
  ],
  orphanScan: [
    {
      actions: ["tag:GetResources"],
      resources: ["*"],
      why: "listTaggedResources: every resource tagged as ours",
    },
    {
      actions: [
        "cognito-idp:DescribeUserPool",
        "cognito-idp:DeleteUserPoolDomain",
        "cognito-idp:DeleteUserPool",
      ],
      resources: [userPools],
      conditions: [managedBy("aws:ResourceTag")],
      why: "createAwsIdentityInventory: remove an orphan pool (its domain first)",
    },
    {
      actions: ["secretsmanager:DeleteSecret"],
      resources: ["arn:aws:secretsmanager:{region}:{account}:secret:bbws/*"],
      why: "identity and storage inventories: remove an orphan secret",
    },
    {
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["{rdsMasterSecret}"],
      why: "createRdsAdminPool: list and drop wp_ databases and users",
    },
    {
      actions: ["elasticfilesystem:DeleteAccessPoint"],
      resources: [accessPoints],
      conditions: [managedBy("aws:ResourceTag")],
      why: "createAwsStorageInventory: remove an orphan access point",
    },
    {
      actions: ["elasticloadbalancing:DeleteRule"],
      resources: ["{listenerRules}"],
      why: "createAwsRoutingInventory: remove an orphan rule (before its target group)",
    },
    {
      actions: ["elasticloadbalancing:DeleteTargetGroup"],
      resources: [targetGroups],
      why: "createAwsRoutingInventory: remove an orphan target group",
    },
    {
      actions: ["route53:ChangeResourceRecordSets"],
      resources: ["{hostedZones}"],
      why: "createAwsRoutingInventory: remove an orphan alias record (only with a hosted zone configured)",
    },
    {
      actions: ["ecs:UpdateService", "ecs:DeleteService"],
      resources: [services],
      why: "createAwsComputeInventory: scale an orphan service to 0, then delete it",
    },
    {
      actions: ["ecs:DeregisterTaskDefinition", "ecs:DeleteTaskDefinitions"],
      resources: ["*"],
      why: "createAwsComputeInventory: remove an orphan revision (no resource-level scoping)",
    },
    {
      actions: ["iam:ListRoles"],
      resources: ["*"],
      why: "createAwsComputeInventory: the task roles under /bbws/tenants/ (IAM is not in the Tagging API)",
    },
    {
      actions: ["iam:ListRoleTags"],
      resources: [tenantTaskRoles],
      why: "createAwsComputeInventory: whose task role it is (ListRoles returns no tags)",
    },
    {
      actions: ["iam:DeleteRolePolicy", "iam:DeleteRole"],
      resources: [tenantTaskRoles],
      conditions: [managedBy("aws:ResourceTag")],
      why: "createAwsComputeInventory: remove an orphan task role (its inline policy first)",
    },
  ],
  api: [
    {
      actions: ["logs:FilterLogEvents"],
      resources: [`${tenantLogGroups}:*`],
      why: "GET .../logs (createCloudWatchInstanceLogs)",
    },
    {
      actions: [
        "cloudwatch:GetMetricData",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeRules",
      ],
      resources: ["*"],
      why: "GET .../metrics (createCloudWatchInstanceMetrics), POST .../health's drift part (createElbRoutingDriftCheck: target group, rule); none takes resource-level permissions",
    },
    {
      actions: ["ecs:DescribeServices"],
      resources: [services],
      why: "POST .../health: the live check's service part (createEcsServiceHealthProbe)",
    },
    {
      actions: ["elasticloadbalancing:DescribeTargetHealth"],
      resources: ["*"],
      why: "POST .../health: the live check's targets part (createElbTargetHealthProbe); DescribeTargetHealth takes no resource-level permissions",
    },
    ...driftGrants("POST .../health"),
  ],
  storageDrift: [
    {
      actions: ["secretsmanager:GetSecretValue"],
      resources: ["{rdsMasterSecret}"],
      why: "createRdsAdminPool: the catalog read of the drift check (createSqlStorageDriftCheck)",
    },
    {
      actions: ["elasticfilesystem:DescribeAccessPoints"],
      resources: [accessPoints],
      why: "the drift check's access point (createAwsStorageDriftCheck)",
    },
    {
      actions: ["secretsmanager:DescribeSecret"],
      resources: [dbSecrets],
      why: "the drift check's credentials secret (createAwsStorageDriftCheck); metadata only, never the value",
    },
  ],
  ecsEvents: [
    {
      actions: ["ecs:DescribeServices"],
      resources: [services],
      why: "createEcsEventConsumer: a stopped task's service counts (running, desired) now",
    },
  ],
  healthSweep: [
    {
      actions: ["ecs:DescribeServices"],
      resources: [services],
      why: "the sweep's live check: the service part (createEcsServiceHealthProbe)",
    },
    {
      actions: ["elasticloadbalancing:DescribeTargetHealth"],
      resources: ["*"],
      why: "the sweep's live check: the targets part (createElbTargetHealthProbe); no resource-level permissions",
    },
    {
      actions: ["elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeRules"],
      resources: ["*"],
      why: "the sweep's live check: the drift part's target group and rule (createElbRoutingDriftCheck); no resource-level permissions",
    },
    ...driftGrants("the sweep's live check"),
  ],
};
