import type { Environment } from "@bbws/contracts";
import { type DeployConfig, loadDeployConfig } from "./deployConfig.ts";
import { efsDeployerStatement, efsFileSystemPolicy } from "./efsCrossAccount.ts";
import { functionName } from "./functions.ts";
import {
  OWN_GRANTS,
  type PolicyCondition,
  ROLE_IDS,
  type WorkloadGrant,
  type WorkloadRoleUser,
} from "./iamTable.ts";
import type { PolicyDocument } from "./policyDocument.ts";
import { taskRoleBoundaryArn, taskRoleBoundaryPolicy } from "./taskRoleBoundary.ts";
import { WORKLOAD_GRANTS } from "./workloadGrants.ts";

/*
 * The role each environment's account must hold for the control plane (its ARN is the
 * accounts map's `roleArn`): its permissions, from the IAM table's workload half, and its
 * trust policy, which admits exactly the deployment's functions that assume it.
 * Created outside this app (it lives in another account); printed by printWorkloadPolicies.ts,
 * with the cross-account file system policy (efsCrossAccount.ts) when it applies.
 */

/** The functions whose own grants include `sts:AssumeRole` on the workload roles. */
export const WORKLOAD_ROLE_USERS = ROLE_IDS.filter((role) =>
  OWN_GRANTS[role].some((grant) => grant.resources.includes("workloadRoles")),
);

/** The served environment needs every service's grants; another mapped account serves identity (and API logs) only. */
export function workloadUsers(config: DeployConfig, environment: Environment): WorkloadRoleUser[] {
  return environment === config.environment
    ? [
        "identity",
        "routing",
        "compute",
        "storage",
        "orphanScan",
        "api",
        "ecsEvents",
        "healthSweep",
        "storageDrift",
      ]
    : ["identity", "api"];
}

/** `grants` narrows the policy (the IAM simulation checks each user against its own grants). */
export function workloadPermissions(
  config: DeployConfig,
  environment: Environment,
  grants: readonly WorkloadGrant[] = workloadUsers(config, environment).flatMap(
    (user) => WORKLOAD_GRANTS[user],
  ),
): PolicyDocument {
  const account = config.accounts[environment];
  if (!account) throw new Error(`BBWS_ACCOUNTS has no ${environment}`);
  const { infra } = config;
  const lists: Record<string, readonly string[]> = {
    "{listeners}": infra.albPool.map((entry) => entry.listenerArn),
    "{listenerRules}": infra.albPool.map(
      (entry) => `${entry.listenerArn.replace(":listener/", ":listener-rule/")}/*`,
    ),
    "{rdsMasterSecret}": [infra.rds.masterSecretArn],
    "{hostedZones}": infra.hostedZoneId ? [`arn:aws:route53:::hostedzone/${infra.hostedZoneId}`] : [],
  };
  const values: Record<string, string> = {
    region: account.region,
    account: account.accountId,
    cluster: infra.ecsClusterName,
    fileSystemId: infra.efsFileSystemId,
  };
  const resolve = (template: string): readonly string[] =>
    lists[template] ?? [template.replace(/\{(\w+)\}/g, (_match, key: string) => values[key] ?? `{${key}}`)];
  const statement = (grant: WorkloadGrant) => ({
    Effect: "Allow",
    Action: [...grant.actions],
    Resource: grant.resources.flatMap(resolve),
    ...(grant.conditions
      ? {
          Condition: conditionBlock(
            grant.conditions.map((condition) => ({
              ...condition,
              values: condition.values.flatMap(resolve),
            })),
          ),
        }
      : {}),
  });
  // IAM refuses a statement without resources: a grant whose list is empty is not needed.
  const statements = grants.map(statement).filter((entry) => entry.Resource.length > 0);
  return { Version: "2012-10-17", Statement: mergeSameScope(statements) };
}

type AllowStatement = { Effect: string; Action: string[]; Resource: string[]; Condition?: unknown };

/**
 * One statement per resource list and condition, with the union of its actions: the same
 * permissions in fewer characters (IAM caps a role's inline policies at 10,240), as several
 * functions share grants (the API and the sweep both describe the same services).
 */
function mergeSameScope(statements: readonly AllowStatement[]) {
  const byScope = new Map<string, AllowStatement>();
  for (const entry of statements) {
    const scope = JSON.stringify([[...entry.Resource].sort(), entry.Condition ?? null]);
    const same = byScope.get(scope);
    if (same) same.Action = [...new Set([...same.Action, ...entry.Action])].sort();
    else byScope.set(scope, { ...entry, Action: [...new Set(entry.Action)].sort() });
  }
  return [...byScope.values()].map((entry, index) => ({ Sid: `Bbws${index}`, ...entry }));
}

/** Trust: the control plane's account, narrowed to the function roles that assume it (names are fixed). */
export function workloadTrust(config: DeployConfig, controlAccountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${controlAccountId}:root` },
        Action: "sts:AssumeRole",
        Condition: {
          ArnEquals: {
            "aws:PrincipalArn": WORKLOAD_ROLE_USERS.map(
              (role) => `arn:aws:iam::${controlAccountId}:role/${functionName(config.stage, role)}`,
            ),
          },
        },
      },
    ],
  };
}

/** IAM's Condition block: operator → { key → values }, several keys under one operator allowed. */
function conditionBlock(conditions: readonly PolicyCondition[]): Record<string, Record<string, string[]>> {
  const block: Record<string, Record<string, string[]>> = {};
  for (const { test, variable, values } of conditions)
    block[test] = { ...block[test], [variable]: [...values] };
  return block;
}

/** `npx tsx infra/printWorkloadPolicies.ts <control-account-id> [stage]`: every mapped account's role, as JSON. */
export function workloadRolesReport(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { ok: true; json: string } | { ok: false; usage: string } {
  const [controlAccountId, stage = "dev"] = args;
  if (!controlAccountId || !/^\d{12}$/.test(controlAccountId))
    return {
      ok: false,
      usage: "usage: npx tsx infra/printWorkloadPolicies.ts <control-account-id (12 digits)> [stage]",
    };
  const config = loadDeployConfig(env, stage);
  // The served environment's file system policy (tenant isolation; and the control plane's
  // mounts when it lives in another account, with the deployer's statement).
  const crossAccountEfs = {
    fileSystemPolicy: efsFileSystemPolicy({ config, controlAccountId }),
    ...(config.account.accountId === controlAccountId
      ? {}
      : { deployerStatement: efsDeployerStatement(config) }),
  };
  // The managed policy compute creates every tenant task role with (served environment's account).
  const taskRoleBoundary = {
    taskRoleBoundary: { arn: taskRoleBoundaryArn(config), policy: taskRoleBoundaryPolicy(config) },
  };
  const roles = Object.fromEntries(
    Object.entries(config.accounts).map(([environment, account]) => [
      environment,
      {
        roleArn: account.roleArn,
        trustPolicy: workloadTrust(config, controlAccountId),
        permissionsPolicy: workloadPermissions(config, environment as Environment),
        ...(environment === config.environment ? { ...crossAccountEfs, ...taskRoleBoundary } : {}),
      },
    ]),
  );
  return { ok: true, json: JSON.stringify(roles, null, 2) };
}
