import type { OwnedResource } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { createDriftProbe } from "./createDriftProbe.ts";

const INSTANCE = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
const OTHER = "7a1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
const target = {
  instanceId: INSTANCE,
  tenantId: "acme",
  environment: "dev" as const,
  outputs: {},
  desiredCount: 1,
};

function inventory(service: "storage" | "routing", resources: Omit<OwnedResource, "service">[]) {
  return { service, list: async () => resources.map((resource) => ({ service, ...resource })) };
}

describe("createDriftProbe", () => {
  const storage = (resources: Omit<OwnedResource, "service">[]) => ({
    inventory: inventory("storage", resources),
    kinds: ["database", "database-user"],
  });

  it("passes when every expected kind exists for the instance", async () => {
    const probe = createDriftProbe([
      storage([
        { kind: "database", id: "wp_acme", tenantId: "acme", instanceId: INSTANCE },
        { kind: "database-user", id: "wp_acme@%", tenantId: "acme" },
      ]),
      {
        inventory: inventory("routing", [{ kind: "route", id: "tg-acme-dev", tenantId: "acme" }]),
        kinds: ["route"],
      },
    ]);
    expect(await probe.check(target, new AbortController().signal)).toEqual({
      outcome: "pass",
      detail: "all 3 recorded kinds of resource exist",
    });
  });

  it("names what is missing, not counting another tenant's or another instance's", async () => {
    const probe = createDriftProbe([
      storage([
        { kind: "database", id: "wp_acme", tenantId: "acme", instanceId: INSTANCE },
        { kind: "database-user", id: "wp_acme@%", tenantId: "acme", instanceId: OTHER },
        { kind: "database-user", id: "wp_beta@%", tenantId: "beta" },
      ]),
      { inventory: inventory("routing", []), kinds: ["route"] },
    ]);
    expect(await probe.check(target, new AbortController().signal)).toEqual({
      outcome: "warn",
      detail: "missing: storage:database-user, routing:route",
      drift: ["storage:database-user", "routing:route"],
    });
  });
});
