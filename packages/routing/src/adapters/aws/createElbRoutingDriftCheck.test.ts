import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  RuleNotFoundException,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { HealthCheckTarget } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createElbRoutingDriftCheck } from "./createElbRoutingDriftCheck.ts";

const elb = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
const elbMock = mockClient(elb);
const asked: string[] = [];
const check = createElbRoutingDriftCheck({
  elbFor: (environment) => {
    asked.push(environment);
    return elb;
  },
});
const targetGroupRef =
  "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/tg-acme-dev/0123456789abcdef";
const listenerRuleRef =
  "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener-rule/app/bbws-dev-1/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee";
const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {
    routing: {
      targetGroupRef,
      listenerRuleRef,
      hostname: "acme.example.com",
      url: "https://acme.example.com/",
    },
  },
  desiredCount: 1,
};
const missing = () => check.missing(target, new AbortController().signal);
const meta = { $metadata: {}, message: "not found" };

beforeEach(() => {
  elbMock.reset();
  asked.length = 0;
});

describe("createElbRoutingDriftCheck", () => {
  it("describes the recorded target group and rule by ARN in the environment's account", async () => {
    elbMock.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: targetGroupRef }] });
    elbMock.on(DescribeRulesCommand).resolves({ Rules: [{ RuleArn: listenerRuleRef }] });
    expect(await missing()).toEqual([]);
    expect(elbMock.commandCalls(DescribeTargetGroupsCommand).map((call) => call.args[0].input)).toEqual([
      { TargetGroupArns: [targetGroupRef] },
    ]);
    expect(elbMock.commandCalls(DescribeRulesCommand).map((call) => call.args[0].input)).toEqual([
      { RuleArns: [listenerRuleRef] },
    ]);
    expect(asked).toEqual(["dev"]);
  });

  it("names a deleted target group or rule as routing drift", async () => {
    elbMock.on(DescribeTargetGroupsCommand).rejects(new TargetGroupNotFoundException(meta));
    elbMock.on(DescribeRulesCommand).rejects(new RuleNotFoundException(meta));
    expect(await missing()).toEqual(["routing:target-group", "routing:listener-rule"]);
    elbMock.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: targetGroupRef }] });
    expect(await missing()).toEqual(["routing:listener-rule"]);
  });

  it("rejects on any other error (the part's error, not drift)", async () => {
    elbMock.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: targetGroupRef }] });
    elbMock
      .on(DescribeRulesCommand)
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    await expect(missing()).rejects.toThrow("Rate exceeded");
  });

  it("checks nothing when the ledger recorded no routing", async () => {
    expect(await check.missing({ ...target, outputs: {} }, new AbortController().signal)).toEqual([]);
    expect(elbMock.calls()).toHaveLength(0);
  });
});
