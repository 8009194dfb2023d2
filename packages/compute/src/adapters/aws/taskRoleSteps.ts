import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
  type Role,
} from "@aws-sdk/client-iam";
import { type InstanceRef, resourceNames, resourceTags, TASK_ROLE_PATH } from "@bbws/contracts";
import { ComputeError } from "../../domain/errors.ts";
import type { ComputeRequest } from "../../ports.ts";
import { errorName } from "./awsErrors.ts";
import type { EcsRuntime } from "./ecsRuntime.ts";
import {
  TASK_ROLE_POLICY_NAME,
  taskRoleArnOf,
  taskRoleBoundaryArnOf,
  taskRoleTrustPolicy,
  tenantTaskRolePolicy,
} from "./tenantTaskRolePolicy.ts";

const roleNameOf = (instance: InstanceRef) => resourceNames(instance.tenantId, instance.environment).taskRole;

/** The role by name, or undefined when IAM has none. */
export async function getTaskRole(rt: EcsRuntime, instance: InstanceRef): Promise<Role | undefined> {
  try {
    const { Role: role } = await rt.deps.iam.send(new GetRoleCommand({ RoleName: roleNameOf(instance) }));
    return role;
  } catch (error) {
    if (errorName(error) === "NoSuchEntityException") return undefined;
    throw error;
  }
}

const instanceTag = (role: Role) => role.Tags?.find((tag) => tag.Key === "bbws:instanceId")?.Value;

function quotaExhausted(held: string, cause?: unknown): ComputeError {
  return new ComputeError(
    "COMPUTE.QUOTA_EXHAUSTED",
    `${held}: no IAM role for another tenant, so nothing was created. Ask AWS to raise ` +
      `"Roles per account" (IAM service quotas, default 1,000), or release tenants`,
    { retryable: false, ...(cause ? { cause } : {}) },
  );
}

/** IAM's quota, read before anything is created: a full account fails the provisioning at once. */
async function checkRoleQuota(rt: EcsRuntime): Promise<void> {
  const { SummaryMap: summary = {} } = await rt.deps.iam.send(new GetAccountSummaryCommand({}));
  const used = summary.Roles;
  const quota = summary.RolesQuota;
  if (used !== undefined && quota !== undefined && used >= quota)
    throw quotaExhausted(`the account holds ${used} of its ${quota} IAM roles`);
}

/**
 * The tenant's role: CreateRole (path /bbws/tenants/, tagged, trusted by this account's ECS
 * tasks only), then its one inline policy (PutRolePolicy overwrites: a repeat is harmless).
 * A role of the same name is adopted when it is this instance's (a crash after CreateRole),
 * refused (COMPUTE.NAME_TAKEN) when it is another's.
 */
export async function createEcsTaskRole(
  rt: EcsRuntime,
  instance: InstanceRef,
  request: ComputeRequest,
): Promise<string> {
  const existing = await getTaskRole(rt, instance);
  if (existing && instanceTag(existing) !== instance.instanceId)
    throw new ComputeError(
      "COMPUTE.NAME_TAKEN",
      `IAM role ${existing.RoleName} belongs to instance ${instanceTag(existing) ?? "(untagged)"}, not ${instance.instanceId}`,
      { retryable: false },
    );
  if (!existing) await createRole(rt, instance);
  await rt.deps.iam.send(
    new PutRolePolicyCommand({
      RoleName: roleNameOf(instance),
      PolicyName: TASK_ROLE_POLICY_NAME,
      PolicyDocument: JSON.stringify(tenantTaskRolePolicy(rt.config, instance, request)),
    }),
  );
  return taskRoleArnOf(rt.config, instance);
}

async function createRole(rt: EcsRuntime, instance: InstanceRef): Promise<void> {
  await checkRoleQuota(rt);
  try {
    await rt.deps.iam.send(
      new CreateRoleCommand({
        RoleName: roleNameOf(instance),
        Path: TASK_ROLE_PATH,
        AssumeRolePolicyDocument: JSON.stringify(taskRoleTrustPolicy(rt.config)),
        // IAM refuses compute a role without it (its grant's condition): its policy can never exceed it.
        PermissionsBoundary: taskRoleBoundaryArnOf(rt.config),
        Description: `WordPress tasks of ${instance.tenantId} (${instance.environment}): its access point, secrets and logs only`,
        Tags: Object.entries(resourceTags(instance)).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
  } catch (error) {
    // Between the quota read and the call another role may have taken the last place.
    if (errorName(error) === "LimitExceededException")
      throw quotaExhausted("IAM refused the role: the account's role quota is full", error);
    throw error;
  }
}

/**
 * Deletes the tenant's role: its inline policy first (IAM refuses to delete a role that has
 * one), then the role. Nothing found, or another instance's role: nothing removed.
 */
export async function deleteEcsTaskRole(rt: EcsRuntime, instance: InstanceRef): Promise<string[]> {
  const role = await getTaskRole(rt, instance);
  if (!role || instanceTag(role) !== instance.instanceId) return [];
  return deleteRoleByName(rt.deps.iam, roleNameOf(instance), taskRoleArnOf(rt.config, instance));
}

/** DeleteRolePolicy then DeleteRole; a part already gone is fine. Shared with the orphan scan. */
export async function deleteRoleByName(
  iam: EcsRuntime["deps"]["iam"],
  roleName: string,
  roleArn: string,
): Promise<string[]> {
  try {
    await iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: TASK_ROLE_POLICY_NAME }));
  } catch (error) {
    if (errorName(error) !== "NoSuchEntityException") throw error;
  }
  try {
    await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  } catch (error) {
    if (errorName(error) === "NoSuchEntityException") return [];
    if (errorName(error) === "DeleteConflictException")
      throw new ComputeError(
        "COMPUTE.RELEASE_INCOMPLETE",
        `IAM role ${roleName} still has policies or instance profiles compute did not attach: detach them, then retry`,
        { retryable: false, cause: error },
      );
    throw error;
  }
  return [roleArn];
}
