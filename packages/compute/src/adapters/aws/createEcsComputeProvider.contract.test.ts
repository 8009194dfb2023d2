import { describeComputeProviderContract } from "../computeProviderContract.ts";
import { createEcsComputeProvider } from "./createEcsComputeProvider.ts";
import { mockedClients, sampleRequest, testDeps } from "./ecsTestKit.ts";
import { installFakeEcsCloud } from "./fakeEcsCloud.ts";

/**
 * The ECS adapter against a stateful fake ECS/ELB/Logs/IAM behind aws-sdk-client-mock. IAM
 * takes 10 s (on the harness's clock) to show ECS a new task role, and a redelivery comes 30 s
 * later: every provisioning meets IAM's eventual consistency once and gets through it.
 */
describeComputeProviderContract("ECS Fargate (mocked AWS)", async () => {
  const clients = mockedClients();
  let now = Date.now();
  const clock = () => new Date(now);
  const { httpGet } = installFakeEcsCloud(clients, { clock, propagationMs: 10_000 });
  const provider = createEcsComputeProvider(testDeps(clients, { httpGet, clock }));
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
    async pause() {
      now += 30_000;
    },
    healthPolls: 3,
  };
});
