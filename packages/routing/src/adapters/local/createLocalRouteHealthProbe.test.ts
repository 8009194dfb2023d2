import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HealthCheckTarget } from "@bbws/contracts";
import { createLocalTargetGroups } from "@bbws/local-cloud";
import { describe, expect, it } from "vitest";
import { createLocalRouteHealthProbe } from "./createLocalRouteHealthProbe.ts";

const INSTANCE = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
const target: HealthCheckTarget = {
  instanceId: INSTANCE,
  tenantId: "acme",
  environment: "dev",
  desiredCount: 1,
  outputs: {
    routing: {
      targetGroupRef: "tg-acme-dev",
      listenerRuleRef: "local-rule:acme.localhost",
      hostname: "acme.localhost",
      url: "http://acme.localhost:8080/",
    },
  },
};
const signal = new AbortController().signal;

describe("createLocalRouteHealthProbe", () => {
  it("follows the route through its states: missing, no target, serving, maintenance", async () => {
    const groups = createLocalTargetGroups(join(mkdtempSync(join(tmpdir(), "bbws-route-")), "groups.json"));
    const probe = createLocalRouteHealthProbe(groups);
    expect(await probe.check(target, signal)).toEqual({
      outcome: "fail",
      detail: "the proxy has no route for acme.localhost",
    });
    groups.upsert({
      name: "tg-acme-dev",
      hostname: "acme.localhost",
      instanceId: INSTANCE,
      maintenance: false,
    });
    expect(await probe.check(target, signal)).toEqual({
      outcome: "fail",
      detail: "acme.localhost has no target registered (the site is starting)",
    });
    groups.registerTarget("tg-acme-dev", "127.0.0.1:41234");
    expect(await probe.check(target, signal)).toEqual({
      outcome: "pass",
      detail: "acme.localhost routes to 127.0.0.1:41234",
    });
    groups.setMaintenance("tg-acme-dev", true);
    expect((await probe.check(target, signal)).detail).toBe("acme.localhost serves the maintenance page");
  });

  it("a route of another instance of the tenant is not this one's", async () => {
    const groups = createLocalTargetGroups(join(mkdtempSync(join(tmpdir(), "bbws-route-")), "groups.json"));
    groups.upsert({
      name: "tg-acme-dev",
      hostname: "acme.localhost",
      instanceId: "7a1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
      maintenance: false,
      targets: ["127.0.0.1:41234"],
    });
    expect((await createLocalRouteHealthProbe(groups).check(target, signal)).outcome).toBe("fail");
  });
});
