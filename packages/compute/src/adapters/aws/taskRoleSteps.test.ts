import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { describe, expect, it } from "vitest";
import { ComputeError } from "../../domain/errors.ts";
import { awsError, ecsTestBed, instance, sampleRequest, TASK_ROLE_ARN } from "./ecsTestKit.ts";

const bed = ecsTestBed();
const ROLE = "wp-acme-dev-task";
const iamTags = [
  { Key: "bbws:tenantId", Value: "acme" },
  { Key: "bbws:instanceId", Value: instance.instanceId },
  { Key: "bbws:environment", Value: "dev" },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];
const iamInputs = (command: Parameters<typeof bed.clients.iamMock.commandCalls>[0]) =>
  bed.clients.iamMock.commandCalls(command).map((call) => call.args[0].input);
const noRole = () => bed.clients.iamMock.on(GetRoleCommand).rejects(awsError("NoSuchEntityException"));
const summary = (Roles: number, RolesQuota = 1000) =>
  bed.clients.iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Roles, RolesQuota } });

async function failure(run: Promise<unknown>): Promise<ComputeError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ComputeError);
  return error as ComputeError;
}

describe("createTaskRole", () => {
  it("reads the quota, creates the role under /bbws/tenants/ trusted by this account's ECS tasks, then its one policy", async () => {
    noRole();
    summary(41);
    bed.clients.iamMock.on(CreateRoleCommand).resolves({});
    bed.clients.iamMock.on(PutRolePolicyCommand).resolves({});

    expect(await bed.provider.createTaskRole(instance, sampleRequest())).toBe(TASK_ROLE_ARN);

    const [create] = iamInputs(CreateRoleCommand);
    expect({ ...create, AssumeRolePolicyDocument: undefined }).toEqual({
      RoleName: ROLE,
      Path: "/bbws/tenants/",
      AssumeRolePolicyDocument: undefined,
      PermissionsBoundary: "arn:aws:iam::123456789012:policy/bbws/bbws-tenant-task-boundary",
      Description: "WordPress tasks of acme (dev): its access point, secrets and logs only",
      Tags: iamTags,
    });
    expect(JSON.parse(create?.AssumeRolePolicyDocument ?? "")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:ecs:eu-west-1:123456789012:*" },
          },
        },
      ],
    });
    const [put] = iamInputs(PutRolePolicyCommand);
    expect(put?.RoleName).toBe(ROLE);
    expect(put?.PolicyName).toBe("bbws-tenant-isolation");
    expect(JSON.parse(put?.PolicyDocument ?? "").Statement).toEqual([
      {
        Sid: "MountOwnAccessPointOnly",
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-0123456789abcdef0",
        Condition: {
          StringEquals: {
            "elasticfilesystem:AccessPointArn":
              "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-0123456789abcdef0",
          },
        },
      },
      {
        Sid: "ReadReferencedSecretsOnly",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bbws/acme/dev/db-XyZ123",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bbws/acme/dev/sso-client-AbCdEf",
        ],
      },
      {
        Sid: "WriteOwnLogStreamsOnly",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:/bbws/wp/acme:log-stream:wp-acme-dev/*",
      },
    ]);
  });

  it("given a full role quota, then QUOTA_EXHAUSTED, not retryable, and nothing is created", async () => {
    noRole();
    summary(1000, 1000);
    const error = await failure(bed.provider.createTaskRole(instance, sampleRequest()));
    expect(error).toMatchObject({ code: "COMPUTE.QUOTA_EXHAUSTED", retryable: false });
    expect(error.message).toContain("the account holds 1000 of its 1000 IAM roles");
    expect(error.message).toContain("Roles per account");
    expect(iamInputs(CreateRoleCommand)).toEqual([]);
    expect(iamInputs(PutRolePolicyCommand)).toEqual([]);
  });

  it("given IAM refuses the role for its quota (a race with another creator), then QUOTA_EXHAUSTED too", async () => {
    noRole();
    summary(999);
    bed.clients.iamMock
      .on(CreateRoleCommand)
      .rejects(awsError("LimitExceededException", "Cannot exceed quota"));
    const error = await failure(bed.provider.createTaskRole(instance, sampleRequest()));
    expect(error).toMatchObject({ code: "COMPUTE.QUOTA_EXHAUSTED", retryable: false });
    expect(iamInputs(PutRolePolicyCommand)).toEqual([]);
  });

  it("given this instance's role exists (a crash after CreateRole), then it is adopted: no quota read, no create, the policy set", async () => {
    bed.clients.iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Tags: iamTags } as never });
    bed.clients.iamMock.on(PutRolePolicyCommand).resolves({});
    expect(await bed.provider.createTaskRole(instance, sampleRequest())).toBe(TASK_ROLE_ARN);
    expect(iamInputs(GetAccountSummaryCommand)).toEqual([]);
    expect(iamInputs(CreateRoleCommand)).toEqual([]);
    expect(iamInputs(PutRolePolicyCommand)).toHaveLength(1);
  });

  it("given another instance's role of that name, then NAME_TAKEN and its policy is left alone", async () => {
    const theirs = iamTags.map((tag) => (tag.Key === "bbws:instanceId" ? { ...tag, Value: "other" } : tag));
    bed.clients.iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Tags: theirs } as never });
    const error = await failure(bed.provider.createTaskRole(instance, sampleRequest()));
    expect(error).toMatchObject({ code: "COMPUTE.NAME_TAKEN", retryable: false });
    expect(iamInputs(PutRolePolicyCommand)).toEqual([]);
  });
});

describe("deleteTaskRole", () => {
  it("deletes the inline policy, then the role, and answers the role's ARN", async () => {
    bed.clients.iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Tags: iamTags } as never });
    bed.clients.iamMock.on(DeleteRolePolicyCommand).resolves({});
    bed.clients.iamMock.on(DeleteRoleCommand).resolves({});
    expect(await bed.provider.deleteTaskRole(instance)).toEqual([TASK_ROLE_ARN]);
    expect(iamInputs(DeleteRolePolicyCommand)).toEqual([
      { RoleName: ROLE, PolicyName: "bbws-tenant-isolation" },
    ]);
    expect(iamInputs(DeleteRoleCommand)).toEqual([{ RoleName: ROLE }]);
  });

  it("given no role, or another instance's, then nothing is deleted", async () => {
    noRole();
    expect(await bed.provider.deleteTaskRole(instance)).toEqual([]);
    const theirs = iamTags.map((tag) => (tag.Key === "bbws:instanceId" ? { ...tag, Value: "other" } : tag));
    bed.clients.iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Tags: theirs } as never });
    expect(await bed.provider.deleteTaskRole(instance)).toEqual([]);
    expect(iamInputs(DeleteRoleCommand)).toEqual([]);
  });

  it("given the policy is gone already (a repeat), then the role is still deleted", async () => {
    bed.clients.iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Tags: iamTags } as never });
    bed.clients.iamMock.on(DeleteRolePolicyCommand).rejects(awsError("NoSuchEntityException"));
    bed.clients.iamMock.on(DeleteRoleCommand).resolves({});
    expect(await bed.provider.deleteTaskRole(instance)).toEqual([TASK_ROLE_ARN]);
  });

  it("given something else is attached to the role, then RELEASE_INCOMPLETE saying what to do", async () => {
    bed.clients.iamMock.on(GetRoleCommand).resolves({ Role: { RoleName: ROLE, Tags: iamTags } as never });
    bed.clients.iamMock.on(DeleteRolePolicyCommand).resolves({});
    bed.clients.iamMock
      .on(DeleteRoleCommand)
      .rejects(awsError("DeleteConflictException", "must detach", "client", 409));
    const error = await failure(bed.provider.deleteTaskRole(instance));
    expect(error).toMatchObject({ code: "COMPUTE.RELEASE_INCOMPLETE", retryable: false });
    expect(error.message).toContain("detach them");
  });
});
