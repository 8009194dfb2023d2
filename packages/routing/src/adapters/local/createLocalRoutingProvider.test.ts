import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildInstanceSpec, type InstanceRef } from "@bbws/contracts";
import { createLocalTargetGroups } from "@bbws/local-cloud";
import { afterAll, describe, expect, it } from "vitest";
import { createRoutingDriver } from "../../testing/routingDriver.ts";
import { sendRequest } from "../../testing/sendRequest.ts";
import { describeRoutingProviderContract, type RouteState } from "../routingProviderContract.ts";
import { createLocalRoutingProvider } from "./createLocalRoutingProvider.ts";
import { createReverseProxy, type RunningProxy } from "./createReverseProxy.ts";

const dir = mkdtempSync(join(tmpdir(), "bbws-routing-"));
const running: RunningProxy[] = [];
let files = 0;
const tableFile = () => join(dir, `target-groups-${++files}.json`);

afterAll(async () => {
  await Promise.all(running.map((proxy) => proxy.close()));
  rmSync(dir, { recursive: true, force: true });
});

describeRoutingProviderContract("local target groups, observed through the reverse proxy", async () => {
  const targetGroups = createLocalTargetGroups(tableFile());
  const proxy = await createReverseProxy({ targetGroups }).start({ port: 0 });
  running.push(proxy);
  const provider = createLocalRoutingProvider({ targetGroups, proxyPort: proxy.port });
  const routeState = async (hostname: string): Promise<RouteState> => {
    const answer = await sendRequest({ port: proxy.port, host: `${hostname}:${proxy.port}` });
    if (answer.status === 404) return "absent";
    return answer.body.includes("down for maintenance") ? "maintenance" : "forwarding";
  };
  return { provider, routeState };
});

describe("createLocalRoutingProvider", () => {
  const instance: InstanceRef = {
    instanceId: "7f0c1c1e-2f4a-4b59-9a55-0d8b7e1f2a3b",
    tenantId: "acme",
    environment: "dev",
  };
  const spec = buildInstanceSpec(instance, {
    wordpress: { version: "6.4", image: "wordpress:6.4" },
    baseDomain: "sites.example.com",
  });

  it("writes one entry keyed by the target group name, served at {tenantId}.localhost:{proxyPort}", async () => {
    const targetGroups = createLocalTargetGroups(tableFile());
    const provider = createRoutingDriver(createLocalRoutingProvider({ targetGroups, proxyPort: 8080 }));
    expect(await provider.ensureRoute(instance, spec)).toEqual({
      targetGroupRef: "tg-acme-dev",
      listenerRuleRef: "local-rule:acme.localhost",
      hostname: "acme.localhost",
      url: "http://acme.localhost:8080/",
    });
    expect(targetGroups.list()).toEqual([
      {
        name: "tg-acme-dev",
        hostname: "acme.localhost",
        instanceId: instance.instanceId,
        targets: [],
        maintenance: false,
      },
    ]);
  });

  it("keeps the targets compute registered and the maintenance switch when ensured again", async () => {
    const targetGroups = createLocalTargetGroups(tableFile());
    const local = createLocalRoutingProvider({ targetGroups, proxyPort: 8080 });
    const provider = createRoutingDriver(local);
    await provider.ensureRoute(instance, spec);
    targetGroups.registerTarget("tg-acme-dev", "127.0.0.1:9001");
    await provider.suspendRoute(instance);
    // A fresh decider state: every step asks the adapter again.
    await createRoutingDriver(local).ensureRoute(instance, spec);
    expect(targetGroups.get("tg-acme-dev")).toMatchObject({ targets: ["127.0.0.1:9001"], maintenance: true });
    expect(await provider.releaseRoute(instance)).toEqual(["tg-acme-dev"]);
    expect(targetGroups.list()).toEqual([]);
  });

  it("refuses a host another environment of the same tenant already serves", async () => {
    const targetGroups = createLocalTargetGroups(tableFile());
    const provider = createRoutingDriver(createLocalRoutingProvider({ targetGroups, proxyPort: 8080 }));
    await provider.ensureRoute(instance, spec);
    const sit = {
      ...instance,
      instanceId: "8f0c1c1e-2f4a-4b59-9a55-0d8b7e1f2a3b",
      environment: "sit" as const,
    };
    await expect(provider.ensureRoute(sit, { ...spec, environment: "sit" })).rejects.toMatchObject({
      code: "ROUTING.TARGET_GROUP_TAKEN",
    });
    expect(targetGroups.list().map((group) => group.name)).toEqual(["tg-acme-dev"]);
  });
});
