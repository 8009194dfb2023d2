import { ECSClient } from "@aws-sdk/client-ecs";
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  ListRolesCommand,
  ListRoleTagsCommand,
} from "@aws-sdk/client-iam";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { awsError, inputsOf } from "@bbws/mesh/testing";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsComputeInventory } from "./createAwsComputeInventory.ts";

const INSTANCE_ID = "33333333-3333-4333-8333-333333333333";
const roleArn = (name: string) => `arn:aws:iam::123456789012:role/bbws/tenants/${name}`;
const LEFTOVER = roleArn("wp-acme-dev-task");
const ours = [
  { Key: "bbws:tenantId", Value: "acme" },
  { Key: "bbws:instanceId", Value: INSTANCE_ID },
  { Key: "bbws:environment", Value: "dev" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];
const leftover = {
  service: "compute",
  kind: "iam-role",
  id: LEFTOVER,
  tenantId: "acme",
  instanceId: INSTANCE_ID,
  environment: "dev",
} as const;

const taggingClient = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const iamClient = new IAMClient({ region: "eu-west-1" });
const tagging = mockClient(taggingClient);
const iam = mockClient(iamClient);
const inventory = () =>
  createAwsComputeInventory({
    tagging: taggingClient,
    ecs: new ECSClient({ region: "eu-west-1" }),
    iam: iamClient,
  });
const role = (name: string) => ({ RoleName: name, Arn: roleArn(name), Path: "/bbws/tenants/" });

beforeEach(() => {
  tagging.reset();
  iam.reset();
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
});

describe("the orphan scan finds and removes task roles", () => {
  it("lists the roles under /bbws/tenants/ (every page) with the instance from their tags; others' roles are not listed", async () => {
    iam
      .on(ListRolesCommand)
      .resolvesOnce({ Roles: [role("wp-acme-dev-task") as never], IsTruncated: true, Marker: "m1" })
      .resolvesOnce({ Roles: [role("wp-other-dev-task") as never, role("wp-half-dev-task") as never] });
    iam.on(ListRoleTagsCommand, { RoleName: "wp-acme-dev-task" }).resolves({ Tags: ours });
    iam
      .on(ListRoleTagsCommand, { RoleName: "wp-other-dev-task" })
      .resolves({ Tags: [{ Key: "team", Value: "x" }] });
    // Ours by the manager tag, but no instance: logged and skipped, never guessed.
    iam.on(ListRoleTagsCommand, { RoleName: "wp-half-dev-task" }).resolves({ Tags: ours.slice(3) });

    expect(await inventory().list()).toEqual([leftover]);
    expect(inputsOf(iam.commandCalls(ListRolesCommand))).toEqual([
      { PathPrefix: "/bbws/tenants/" },
      { PathPrefix: "/bbws/tenants/", Marker: "m1" },
    ]);
    expect(inputsOf(iam.commandCalls(ListRoleTagsCommand))).toEqual([
      { RoleName: "wp-acme-dev-task" },
      { RoleName: "wp-other-dev-task" },
      { RoleName: "wp-half-dev-task" },
    ]);
  });

  it("removes a leftover role: its inline policy, then the role", async () => {
    iam.on(DeleteRolePolicyCommand).resolves({});
    iam.on(DeleteRoleCommand).resolves({});
    expect(await inventory().remove(leftover)).toEqual([LEFTOVER]);
    expect(inputsOf(iam.commandCalls(DeleteRolePolicyCommand))).toEqual([
      { RoleName: "wp-acme-dev-task", PolicyName: "bbws-tenant-isolation" },
    ]);
    expect(inputsOf(iam.commandCalls(DeleteRoleCommand))).toEqual([{ RoleName: "wp-acme-dev-task" }]);
  });

  it("a role gone already removes nothing; an ARN outside /bbws/tenants/ is refused", async () => {
    iam.on(DeleteRolePolicyCommand).rejects(awsError("NoSuchEntityException"));
    iam.on(DeleteRoleCommand).rejects(awsError("NoSuchEntityException"));
    expect(await inventory().remove(leftover)).toEqual([]);
    await expect(
      inventory().remove({ ...leftover, id: "arn:aws:iam::123456789012:role/admin" }),
    ).rejects.toMatchObject({ code: "COMPUTE.INVALID_REQUEST" });
  });
});
