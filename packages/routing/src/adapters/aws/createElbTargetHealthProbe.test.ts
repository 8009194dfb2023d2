import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { HealthCheckTarget } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createElbTargetHealthProbe } from "./createElbTargetHealthProbe.ts";

const TARGET_GROUP =
  "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/tg-acme-dev/0123456789abcdef";
const elb = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
const elbMock = mockClient(elb);
const probe = createElbTargetHealthProbe({ elbFor: () => elb });
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {
    routing: {
      targetGroupRef: TARGET_GROUP,
      listenerRuleRef: "rule",
      hostname: "acme.example.com",
      url: "https://acme.example.com/",
    },
  },
  desiredCount: 2,
};
const described = (id: string, State: "healthy" | "unhealthy", Reason?: "Target.ResponseCodeMismatch") => ({
  Target: { Id: id, Port: 80 },
  TargetHealth: { State, ...(Reason ? { Reason } : {}) },
});
const check = () => probe.check(target, new AbortController().signal);

beforeEach(() => elbMock.reset());

describe("createElbTargetHealthProbe", () => {
  it("asks for the recorded target group and passes when as many targets as tasks are healthy", async () => {
    elbMock.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [described("10.0.1.10", "healthy"), described("10.0.1.11", "healthy")],
    });
    expect(await check()).toEqual({
      outcome: "pass",
      detail: "2 of 2 targets healthy: 10.0.1.10 healthy, 10.0.1.11 healthy",
    });
    expect(elbMock.commandCalls(DescribeTargetHealthCommand)[0]?.args[0].input).toEqual({
      TargetGroupArn: TARGET_GROUP,
    });
  });

  it("warns when some are unhealthy and fails when none is, with each reason", async () => {
    elbMock.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        described("10.0.1.10", "healthy"),
        described("10.0.1.11", "unhealthy", "Target.ResponseCodeMismatch"),
      ],
    });
    expect(await check()).toEqual({
      outcome: "warn",
      detail: "1 of 2 targets healthy: 10.0.1.10 healthy, 10.0.1.11 unhealthy (Target.ResponseCodeMismatch)",
    });
    elbMock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
    expect(await check()).toEqual({ outcome: "fail", detail: "0 of 2 targets healthy" });
  });
});
