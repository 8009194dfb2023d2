import { describeComputeProviderContract } from "../computeProviderContract.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import { mockedClients, sampleRequest, testDeps } from "./ecsTestKit.ts";
import { installFakeEcsCloud } from "./fakeEcsCloud.ts";

/** The ECS adapter against a stateful fake ECS/ELB/Logs behind aws-sdk-client-mock. */
describeComputeProviderContract("ECS Fargate (mocked AWS)", async () => {
  const clients = mockedClients();
  const { httpGet } = installFakeEcsCloud(clients);
  const provider = createEcsComputeProvider(testDeps(clients, { httpGet }));
  let next = 0;
  return {
    provider,
    async newInstance(options = {}) {
      next += 1;
      // Each harness starts from an empty fake cloud, so a counter is unique enough.
      const tenantId = `ecs${next}`;
      const instance = {
        instanceId: `00000000-0000-4000-8000-${String(next).padStart(12, "0")}`,
        tenantId,
        environment: "dev" as const,
      };
      const request = sampleRequest({ tenantId, desiredCount: options.desiredCount ?? 1 });
      return { instance, request };
    },
    async pause() {},
    healthPolls: 3,
  };
});
