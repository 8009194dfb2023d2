import { efsFileSystemPolicy } from "../../infra/efsCrossAccount.ts";
import {
  type Grant,
  OWN_GRANTS,
  type RoleId,
  type WorkloadGrant,
  type WorkloadRoleUser,
} from "../../infra/iamTable.ts";
import type { PolicyDocument } from "../../infra/policyDocument.ts";
import { WORKLOAD_GRANTS } from "../../infra/workloadGrants.ts";
import { workloadPermissions, workloadTrust } from "../../infra/workloadPolicy.ts";
import { CONFIG, CONTROL, DEPLOYED, ownResource, WORKLOAD } from "./simulatedDeployment.ts";

/**
 * Who makes a request: a function's own role (control plane account), or the role it assumes
 * in the environment's account, checked against that function's own workload grants only
 * (AWS sees the union of every user's grants; holding each user to its own keeps each grant
 * in the table needed by the code it documents).
 */
export type Principal =
  | { readonly kind: "own"; readonly role: RoleId }
  | { readonly kind: "workload"; readonly user: WorkloadRoleUser };

export const principalName = (principal: Principal): string =>
  principal.kind === "own" ? principal.role : `${principal.user} (workload role)`;

/** The grant tables the policies are built from; the mutation test passes a table with one grant removed. */
export interface GrantTables {
  readonly own: Readonly<Record<RoleId, readonly Grant[]>>;
  readonly workload: Readonly<Record<WorkloadRoleUser, readonly WorkloadGrant[]>>;
}
export const DEPLOYED_GRANTS: GrantTables = { own: OWN_GRANTS, workload: WORKLOAD_GRANTS };

/** The role's only inline policy, as infra/roles.ts builds it from the IAM table. */
export function ownPolicy(role: RoleId, grants: readonly Grant[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: grants.map((grant) => ({
      Effect: "Allow",
      Action: [...grant.actions],
      Resource: grant.resources.flatMap((ref) => ownResource(ref, role)),
      ...(grant.conditions ? { Condition: conditionBlock(grant.conditions) } : {}),
    })),
  };
}

function conditionBlock(
  conditions: NonNullable<Grant["conditions"]>,
): Record<string, Record<string, string[]>> {
  const block: Record<string, Record<string, string[]>> = {};
  for (const { test, variable, values } of conditions)
    block[test] = { ...block[test], [variable]: [...values] };
  return block;
}

export function policyFor(principal: Principal, tables: GrantTables = DEPLOYED_GRANTS): PolicyDocument {
  return principal.kind === "own"
    ? ownPolicy(principal.role, tables.own[principal.role])
    : workloadPermissions(CONFIG, CONFIG.environment, tables.workload[principal.user]);
}

export function principalArn(principal: Principal): string {
  return principal.kind === "own"
    ? DEPLOYED.roleArn(principal.role)
    : CONFIG.accounts[CONFIG.environment]!.roleArn;
}

export const principalAccount = (principal: Principal): string =>
  principal.kind === "own" ? CONTROL.accountId : WORKLOAD.accountId;

/** The workload role's trust policy: the resource policy sts:AssumeRole is also evaluated against. */
export const WORKLOAD_TRUST = workloadTrust(CONFIG, CONTROL.accountId);

/** The file system's policy (environment's account): a cross-account mount needs its allow too. */
export const EFS_FILE_SYSTEM_POLICY = efsFileSystemPolicy({
  config: CONFIG,
  controlAccountId: CONTROL.accountId,
});

/** The resource policy AWS also evaluates for an action, where the deployment sets one. */
export function resourcePolicyFor(action: string): PolicyDocument | undefined {
  if (action === "sts:AssumeRole") return WORKLOAD_TRUST;
  if (action.startsWith("elasticfilesystem:Client")) return EFS_FILE_SYSTEM_POLICY;
  return undefined;
}
