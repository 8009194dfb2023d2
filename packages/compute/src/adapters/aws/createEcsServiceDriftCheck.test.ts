import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import type { HealthCheckTarget } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createEcsServiceDriftCheck } from "./createEcsServiceDriftCheck.ts";
import { createEcsServiceHealthProbe } from "./createEcsServiceHealthProbe.ts";
import { createTenantServiceDescriber } from "./createTenantServiceDescriber.ts";
import { service } from "./ecsTestKit.ts";

const ecs = new ECSClient({ region: "eu-west-1" });
const ecsMock = mockClient(ecs);
const describeService = createTenantServiceDescriber({ ecsFor: () => ecs, cluster: "bbws-dev" });
const iam = new IAMClient({ region: "eu-west-1" });
const iamMock = mockClient(iam);
const iamAsked: string[] = [];
const check = createEcsServiceDriftCheck({
  describe: describeService,
  iamFor: (environment) => {
    iamAsked.push(environment);
    return iam;
  },
});
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {
    compute: {
      serviceRef: "arn:aws:ecs:eu-west-1:111122223333:service/bbws-dev/wp-acme-dev",
      taskDefinitionRef: "arn:aws:ecs:eu-west-1:111122223333:task-definition/wp-acme-dev:3",
      desiredCount: 1,
    },
  },
  desiredCount: 1,
};
const missing = (on: HealthCheckTarget = target) => check.missing(on, new AbortController().signal);
const serviceArn = "arn:aws:ecs:eu-west-1:111122223333:service/bbws-dev/wp-acme-dev";

beforeEach(() => {
  ecsMock.reset();
  iamMock.reset();
  iamAsked.length = 0;
  iamMock.on(GetRoleCommand).resolves({
    Role: {
      RoleName: "wp-acme-dev-task",
      Path: "/bbws/tenants/",
      RoleId: "AROAEXAMPLE",
      Arn: "arn:aws:iam::111122223333:role/bbws/tenants/wp-acme-dev-task",
      CreateDate: new Date(0),
    },
  });
});

describe("createEcsServiceDriftCheck", () => {
  it("an ACTIVE service exists; INACTIVE or a MISSING failure is compute drift", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "ACTIVE" })] });
    expect(await missing()).toEqual([]);
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "INACTIVE" })] });
    expect(await missing()).toEqual(["compute:ecs-service"]);
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: serviceArn, reason: "MISSING" }] });
    expect(await missing()).toEqual(["compute:ecs-service"]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: "bbws-dev",
      services: ["wp-acme-dev"],
    });
  });

  it("rejects on an answer without the service or its MISSING failure, and on errors", async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [], failures: [{ arn: serviceArn, reason: "UNKNOWN" }] });
    await expect(missing()).rejects.toThrow("DescribeServices answered no service (failures: UNKNOWN)");
    ecsMock
      .on(DescribeServicesCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await expect(missing()).rejects.toThrow("Rate exceeded");
  });

  it("shares one DescribeServices with the service part when both check at once, asks again next check", async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ desiredCount: 1, runningCount: 1 })] });
    const probe = createEcsServiceHealthProbe({
      ecsFor: () => ecs,
      cluster: "bbws-dev",
      describe: describeService,
    });
    const signal = new AbortController().signal;
    const [finding, gone] = await Promise.all([probe.check(target, signal), check.missing(target, signal)]);
    expect(finding.outcome).toBe("pass");
    expect(gone).toEqual([]);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(1);
    await check.missing(target, signal);
    expect(ecsMock.commandCalls(DescribeServicesCommand)).toHaveLength(2);
  });

  it("asks IAM for the tenant's task role by its name, in the environment's account", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "ACTIVE" })] });
    expect(await missing()).toEqual([]);
    expect(iamMock.commandCalls(GetRoleCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: "wp-acme-dev-task" },
    ]);
    expect(iamAsked).toEqual(["dev"]);
  });

  it("a deleted task role (NoSuchEntity) is compute:task-role drift, beside a gone service", async () => {
    iamMock
      .on(GetRoleCommand)
      .rejects(new NoSuchEntityException({ $metadata: {}, message: "The role cannot be found." }));
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "ACTIVE" })] });
    expect(await missing()).toEqual(["compute:task-role"]);
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "INACTIVE" })] });
    expect(await missing()).toEqual(["compute:ecs-service", "compute:task-role"]);
  });

  it("a GetRole that is denied or throttled rejects (the part's error, not drift)", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "ACTIVE" })] });
    iamMock.on(GetRoleCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied" }));
    await expect(missing()).rejects.toThrow("not authorized");
  });

  it("passes the part's abort signal to GetRole", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "ACTIVE" })] });
    const sent: (AbortSignal | undefined)[] = [];
    const spying = createEcsServiceDriftCheck({
      describe: describeService,
      iamFor: () => ({
        send: (async (_command: unknown, options?: { abortSignal?: AbortSignal }) => {
          sent.push(options?.abortSignal);
          return {};
        }) as IAMClient["send"],
      }),
    });
    const controller = new AbortController();
    await spying.missing(target, controller.signal);
    expect(sent).toEqual([controller.signal]);
  });

  it("checks nothing when the ledger recorded no compute", async () => {
    expect(await missing({ ...target, outputs: {} })).toEqual([]);
    expect(ecsMock.calls()).toHaveLength(0);
    expect(iamMock.calls()).toHaveLength(0);
  });
});
