import { join } from "node:path";
import type { InstanceRef } from "@bbws/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeOperations } from "../../testing/computeDriver.ts";
import { createLocalComputeProvider, type LocalComputeProvider } from "./createLocalComputeProvider.ts";
import { probe } from "./httpProbe.ts";
import { createLocalComputeFixture, type LocalComputeFixture } from "./localComputeFixture.ts";
import { groupMembers } from "./processGroups.ts";
import { createTenantRegistry } from "./tenantRegistry.ts";

const RANGE = { from: 21_460, to: 21_479 };
let fixture: LocalComputeFixture;
let provider: LocalComputeProvider;
const entryOf = (instance: InstanceRef) =>
  createTenantRegistry(join(fixture.options.dataDir, "compute/registry.json")).get(instance.tenantId)!;

beforeAll(async () => {
  fixture = await createLocalComputeFixture({ portRange: RANGE });
  provider = createLocalComputeProvider(fixture.options);
});
afterAll(async () => {
  await provider?.stopAll();
  await fixture?.dispose();
});

describe("local compute usage: what a tenant's real php -S group uses", () => {
  it("counts the group's processes, PSS and CPU; CPU grows with requests; null once suspended", async () => {
    const { instance, request } = await fixture.newTenant({ desiredCount: 1 });
    const ops = computeOperations(provider);
    await ops.ensure(instance, request);
    const { pgid, port } = entryOf(instance);

    const before = provider.usage(instance)!;
    expect(before.processes).toBe(1 + 2); // the master and PHP_CLI_SERVER_WORKERS = 2
    expect(before.processes).toBe(groupMembers(pgid!).length);
    expect(before.memoryBytes % 1024).toBe(0);
    expect(before.memoryBytes).toBeGreaterThan(1024 * 1024);
    const pssBytes = provider.memoryKiB(instance) * 1024;
    expect(Math.abs(before.memoryBytes - pssBytes)).toBeLessThan(pssBytes * 0.1);

    for (let count = 0; count < 5; count++) {
      const answer = await probe({ port, path: "/", url: new URL(request.routing.url), timeoutMs: 10_000 });
      expect(answer.status).toBe(200);
    }
    const after = provider.usage(instance)!;
    // Five WordPress pages cost CPU time, counted in ticks of 10 ms.
    expect(after.cpuSeconds).toBeGreaterThan(before.cpuSeconds);
    expect(after.cpuSeconds - before.cpuSeconds).toBeLessThan(30);

    expect(provider.usage({ ...instance, instanceId: crypto.randomUUID() })).toBeNull();
    const stranger = { ...instance, instanceId: crypto.randomUUID() };
    const both = provider.usages([instance, stranger]);
    expect([...both.keys()]).toEqual([instance.instanceId]);
    expect(both.get(instance.instanceId)?.processes).toBe(3);
    await ops.suspend(instance);
    expect(provider.usage(instance)).toBeNull();
    await ops.resume(instance);
    expect(provider.usage(instance)?.processes).toBe(3);
  });

  it("is null for a tenant compute never ran", () => {
    const unknown: InstanceRef = { instanceId: crypto.randomUUID(), tenantId: "tnever", environment: "dev" };
    expect(provider.usage(unknown)).toBeNull();
  });
});
