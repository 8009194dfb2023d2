import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createEcsServiceTaskCounts } from "./createEcsServiceTaskCounts.ts";
import { service } from "./ecsTestKit.ts";

const ecs = new ECSClient({ region: "eu-west-1" });
const ecsMock = mockClient(ecs);
const asked: string[] = [];
const counts = createEcsServiceTaskCounts({
  ecsFor: (environment) => {
    asked.push(environment);
    return ecs;
  },
  cluster: "bbws-dev",
});

beforeEach(() => {
  ecsMock.reset();
  asked.length = 0;
});

describe("createEcsServiceTaskCounts", () => {
  it("asks DescribeServices for the tenant's service in the environment's account", async () => {
    ecsMock
      .on(DescribeServicesCommand)
      .resolves({ services: [service({ desiredCount: 2, runningCount: 1 })] });
    expect(await counts({ tenantId: "acme", environment: "sit" })).toEqual({ running: 1, desired: 2 });
    expect(ecsMock.commandCalls(DescribeServicesCommand).map((call) => call.args[0].input)).toEqual([
      { cluster: "bbws-dev", services: ["wp-acme-sit"] },
    ]);
    expect(asked).toEqual(["sit"]);
  });

  it("answers null for a service that is gone (missing or INACTIVE)", async () => {
    ecsMock.on(DescribeServicesCommand).resolves({ services: [], failures: [{ reason: "MISSING" }] });
    expect(await counts({ tenantId: "acme", environment: "dev" })).toBeNull();
    ecsMock.on(DescribeServicesCommand).resolves({ services: [service({ status: "INACTIVE" })] });
    expect(await counts({ tenantId: "acme", environment: "dev" })).toBeNull();
  });
});
