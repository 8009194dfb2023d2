import { type IAMClient, ListRolesCommand, ListRoleTagsCommand, type Role } from "@aws-sdk/client-iam";
import { type OwnedResource, TASK_ROLE_PATH } from "@bbws/contracts";
import { type Logger, ownedResourcesOf, type TaggedResource } from "@bbws/mesh";
import { deleteRoleByName } from "./taskRoleSteps.ts";

export const TASK_ROLE_KIND = "iam-role";
const TASK_ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/bbws\/tenants\/(wp-[a-z0-9]+-[a-z]+-task)$/;
const MANAGED_BY = { key: "bbws:managedBy", value: "bbws-instance-management" } as const;

/**
 * The tenants' task roles for the orphan scan. The Resource Groups Tagging API does not list
 * IAM roles, and ListRoles returns no tags: the roles under TASK_ROLE_PATH (all pages), then
 * each one's tags (ListRoleTags); a role without our tags is not ours and is not listed.
 */
export async function listTaskRoles(iam: IAMClient, logger: Logger): Promise<OwnedResource[]> {
  const roles: Role[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new ListRolesCommand({ PathPrefix: TASK_ROLE_PATH, ...(marker ? { Marker: marker } : {}) }),
    );
    roles.push(...(page.Roles ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const items: TaggedResource[] = [];
  for (const role of roles) {
    if (!role.Arn || !role.RoleName) continue;
    const { Tags = [] } = await iam.send(new ListRoleTagsCommand({ RoleName: role.RoleName }));
    const tags = Object.fromEntries(Tags.map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
    if (tags[MANAGED_BY.key] === MANAGED_BY.value) items.push({ arn: role.Arn, tags });
  }
  return ownedResourcesOf(items, { service: "compute", kinds: { "iam:role": TASK_ROLE_KIND }, logger });
}

export const isTaskRoleArn = (id: string) => TASK_ROLE_ARN.test(id);

/** Its inline policy, then the role; already gone is fine. */
export function removeTaskRole(iam: IAMClient, roleArn: string): Promise<string[]> {
  const [, roleName = ""] = TASK_ROLE_ARN.exec(roleArn) ?? [];
  return deleteRoleByName(iam, roleName, roleArn);
}
