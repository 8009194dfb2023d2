import {
  CreateServiceCommand,
  type CreateServiceCommandInput,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import { createFargateLaunchLimiter } from "./ecsComputeConfig.ts";
import { mockedClients, service, TD_ARN, testDeps } from "./ecsTestKit.ts";

/** A clock that only moves when someone sleeps: launches are timed without real waiting. */
function fakeClock() {
  const clock = {
    ms: 0,
    now: () => clock.ms,
    sleep: async (ms: number) => {
      clock.ms += ms;
    },
  };
  return clock;
}

const instanceOf = (index: number) => ({
  instanceId: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
  tenantId: `tenant${index}`,
  environment: "dev" as const,
});

describe("Fargate launch limiter", () => {
  it("lets 100 tasks start at once, then one every 50 ms, across providers sharing it; scaling to 0 never waits", async () => {
    const clock = fakeClock();
    const limiter = createFargateLaunchLimiter(clock);
    const clients = mockedClients();
    const launchedAt: Record<string, number> = {};
    clients.ecsMock.on(CreateServiceCommand).callsFake((input: CreateServiceCommandInput) => {
      launchedAt[input.serviceName ?? ""] = clock.ms;
      return { service: service({ serviceName: input.serviceName }) };
    });
    const updatesAt: number[] = [];
    clients.ecsMock.on(UpdateServiceCommand).callsFake(() => {
      updatesAt.push(clock.ms);
      return { service: service() };
    });
    const first = createEcsComputeProvider(testDeps(clients, { limiter }));
    const second = createEcsComputeProvider(testDeps(clients, { limiter }));

    /** What provisioning launches: the install task, then the service's tasks. */
    const provision = async (provider: typeof first, index: number) => {
      const revisionRef = TD_ARN(1, `wp-tenant${index}-dev`);
      await provider.startInstall(instanceOf(index), {
        revisionRef,
        attempt: 1,
        siteUrl: "https://x.example/",
      });
      await provider.createService(instanceOf(index), { revisionRef, desiredCount: 9, targetGroupRef: "tg" });
    };
    for (let index = 1; index <= 10; index += 1) await provision(first, index);
    await provision(second, 11);
    await first.restartService(instanceOf(1), { desiredCount: 9 });
    await first.setDesiredCount(instanceOf(2), { desiredCount: 0, currentCount: 9 });

    expect(launchedAt["wp-tenant1-dev"]).toBe(0);
    expect(launchedAt["wp-tenant10-dev"]).toBe(0);
    // Each provisioning takes 1 token (the install task) + 9: tokens 101-110 come every 50 ms,
    // so CreateService of the 11th waits for the last of its 10; the restart's 9 follow.
    expect(launchedAt["wp-tenant11-dev"]).toBeCloseTo(500, 6);
    expect(updatesAt[0]).toBeCloseTo(950, 6);
    expect(updatesAt[1]).toBeCloseTo(950, 6);
  });
});
