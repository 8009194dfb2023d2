import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import type { HealthCheckTarget } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createEcsServiceHealthProbe } from "./createEcsServiceHealthProbe.ts";
import { deployment, service } from "./ecsTestKit.ts";

const ecs = new ECSClient({ region: "eu-west-1" });
const ecsMock = mockClient(ecs);
const asked: string[] = [];
const probe = createEcsServiceHealthProbe({
  ecsFor: (environment) => {
    asked.push(environment);
    return ecs;
  },
  cluster: "bbws-dev",
});
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {},
  desiredCount: 2,
};
const check = () => probe.check(target, new AbortController().signal);
const stoppedEvent = {
  id: "e1",
  message: "(service wp-acme-dev) has stopped 1 running tasks: (task 0a1b2c).",
};

beforeEach(() => {
  ecsMock.reset();
  asked.length = 0;
});

describe("createEcsServiceHealthProbe", () => {
  it("asks DescribeServices for the tenant's service in the environment's account", async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ desiredCount: 2, runningCount: 2 })] });
    expect(await check()).toEqual({ outcome: "pass", detail: "wp-acme-dev: 2 of 2 tasks running" });
    expect(ecsMock.commandCalls(DescribeServicesCommand)[0]?.args[0].input).toEqual({
      cluster: "bbws-dev",
      services: ["wp-acme-dev"],
    });
    expect(asked).toEqual(["dev"]);
  });

  it("warns with the last event when fewer tasks run than desired", async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ desiredCount: 2, runningCount: 1, events: [stoppedEvent] })] });
    expect(await check()).toEqual({
      outcome: "warn",
      detail: `wp-acme-dev: 1 of 2 tasks running; last event: ${stoppedEvent.message}`,
    });
  });

  it("fails when no task runs or the service is gone", async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ desiredCount: 2, runningCount: 0 })] });
    expect((await check()).outcome).toBe("fail");
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "INACTIVE" })] });
    expect(await check()).toEqual({ outcome: "fail", detail: "ECS service wp-acme-dev does not exist" });
  });

  it("warns while a rollout is in progress or FAILED", async () => {
    const rolling = service({
      desiredCount: 2,
      runningCount: 2,
      deployments: [deployment(), deployment({ status: "ACTIVE" })],
    });
    ecsMock.on(DescribeServicesCommand).resolves({ services: [rolling] });
    expect(await check()).toMatchObject({
      outcome: "warn",
      detail: expect.stringContaining("2 deployments"),
    });
    const failed = service({
      desiredCount: 2,
      runningCount: 2,
      deployments: [deployment({ rolloutState: "FAILED", taskDefinition: "wp-acme-dev:7" })],
    });
    ecsMock.on(DescribeServicesCommand).resolves({ services: [failed] });
    expect(await check()).toMatchObject({
      outcome: "warn",
      detail: expect.stringContaining("wp-acme-dev:7 FAILED"),
    });
  });
});
