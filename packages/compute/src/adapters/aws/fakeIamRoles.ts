import {
  CreateRoleCommand,
  type CreateRoleCommandInput,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  type Role,
} from "@aws-sdk/client-iam";
import { awsError, type MockedClients } from "./ecsTestKit.ts";

export interface FakeIamOptions {
  /** The clock the roles' CreateDate and their propagation are read on. */
  readonly clock: () => Date;
  /** How long ECS does not see a new role (IAM's eventual consistency). Default 0. */
  readonly propagationMs?: number;
  /** Roles per account (IAM's quota); `otherRoles` are held by others. */
  readonly roleQuota?: number;
  readonly otherRoles?: number;
}

interface FakeRole {
  role: Role;
  policies: Map<string, string>;
}

/**
 * A small stateful IAM behind the mocked client: roles with path, tags and inline policies,
 * the account's role count and quota, lists two a page, and a delay before ECS can use a new
 * role. `visibleToEcs(arn)` is what the fake ECS asks before it accepts a role.
 */
export function installFakeIam(clients: MockedClients, options: FakeIamOptions) {
  const roles = new Map<string, FakeRole>();
  const { clock, propagationMs = 0, roleQuota = 1000, otherRoles = 0 } = options;
  const noSuch = (name: string) =>
    awsError("NoSuchEntityException", `The role with name ${name} cannot be found.`);
  const named = (name: string) => {
    const found = roles.get(name);
    if (!found) throw noSuch(name);
    return found;
  };

  clients.iamMock.on(GetAccountSummaryCommand).callsFake(() => ({
    SummaryMap: { Roles: otherRoles + roles.size, RolesQuota: roleQuota },
  }));
  clients.iamMock.on(CreateRoleCommand).callsFake((input: CreateRoleCommandInput) => {
    const name = input.RoleName ?? "";
    if (roles.has(name))
      throw awsError("EntityAlreadyExistsException", `Role with name ${name} already exists.`);
    if (otherRoles + roles.size >= roleQuota)
      throw awsError(
        "LimitExceededException",
        `Cannot exceed quota for RolesPerAccount: ${roleQuota}`,
        "client",
        409,
      );
    const path = input.Path ?? "/";
    const role: Role = {
      RoleName: name,
      Path: path,
      RoleId: `AROA${String(roles.size + 1).padStart(17, "0")}`,
      Arn: `arn:aws:iam::123456789012:role${path}${name}`,
      CreateDate: clock(),
      AssumeRolePolicyDocument: encodeURIComponent(input.AssumeRolePolicyDocument ?? ""),
      ...(input.Tags ? { Tags: input.Tags } : {}),
    };
    roles.set(name, { role, policies: new Map() });
    return { Role: role };
  });
  clients.iamMock.on(GetRoleCommand).callsFake(({ RoleName }: { RoleName: string }) => ({
    Role: named(RoleName).role,
  }));
  clients.iamMock.on(ListRoleTagsCommand).callsFake(({ RoleName }: { RoleName: string }) => ({
    Tags: named(RoleName).role.Tags ?? [],
    IsTruncated: false,
  }));
  clients.iamMock.on(PutRolePolicyCommand).callsFake((input) => {
    named(input.RoleName).policies.set(input.PolicyName, input.PolicyDocument);
    return {};
  });
  clients.iamMock.on(DeleteRolePolicyCommand).callsFake((input) => {
    const role = named(input.RoleName);
    if (!role.policies.delete(input.PolicyName)) throw noSuch(input.PolicyName);
    return {};
  });
  clients.iamMock.on(DeleteRoleCommand).callsFake(({ RoleName }: { RoleName: string }) => {
    if (named(RoleName).policies.size > 0)
      throw awsError(
        "DeleteConflictException",
        "Cannot delete entity, must delete policies first.",
        "client",
        409,
      );
    roles.delete(RoleName);
    return {};
  });
  clients.iamMock.on(ListRolesCommand).callsFake((input: { PathPrefix?: string; Marker?: string }) => {
    // ListRoles returns no tags (IAM's documented behaviour): callers ask ListRoleTags.
    const all = [...roles.values()]
      .map(({ role }) => role)
      .filter((role) => (role.Path ?? "/").startsWith(input.PathPrefix ?? "/"))
      .map(({ Tags: _none, ...role }) => role);
    const start = Number(input.Marker ?? 0);
    const more = start + 2 < all.length;
    return {
      Roles: all.slice(start, start + 2),
      IsTruncated: more,
      ...(more ? { Marker: String(start + 2) } : {}),
    };
  });

  const visibleToEcs = (arn: string | undefined): boolean => {
    const found = [...roles.values()].find(({ role }) => role.Arn === arn);
    return !!found?.role.CreateDate && clock().getTime() - found.role.CreateDate.getTime() >= propagationMs;
  };
  return { roles, visibleToEcs };
}

export type FakeIam = ReturnType<typeof installFakeIam>;
