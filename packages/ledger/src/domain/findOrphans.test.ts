import type { InstanceState, OwnedResource } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { findOrphans, type InstanceSummary } from "./findOrphans.ts";

const ACME_DEV = "11111111-1111-4111-8111-111111111111";
const ACME_OLD = "22222222-2222-4222-8222-222222222222";
const ACME_PROD = "33333333-3333-4333-8333-333333333333";
const UNKNOWN = "44444444-4444-4444-8444-444444444444";

function instance(instanceId: string, state: InstanceState, environment: "dev" | "prod" = "dev") {
  return { instanceId, tenantId: "acme", environment, state } satisfies InstanceSummary;
}

function resource(overrides: Partial<OwnedResource> = {}): OwnedResource {
  return { service: "storage", kind: "database", id: "wp_acme", tenantId: "acme", ...overrides };
}

describe("findOrphans", () => {
  it("given an ACTIVE instance, when its resources are scanned, then none is an orphan", () => {
    const instances = [instance(ACME_DEV, "ACTIVE")];
    const resources = [
      resource({ instanceId: ACME_DEV }),
      resource({ kind: "secret", id: "acme/dev/db", environment: "dev" }),
      resource(),
    ];
    expect(findOrphans(resources, instances)).toEqual([]);
  });

  it("given a resource naming an instance the ledger does not know, then it is an orphan and says so", () => {
    const orphan = resource({ instanceId: UNKNOWN });
    expect(findOrphans([orphan], [instance(ACME_DEV, "ACTIVE")])).toEqual([
      { ...orphan, reason: `its instance ${UNKNOWN} is not in the ledger` },
    ]);
  });

  it("given a resource naming a DEPROVISIONED or FAILED instance, then it is an orphan although the tenant lives on", () => {
    const instances = [instance(ACME_OLD, "DEPROVISIONED"), instance(ACME_DEV, "ACTIVE")];
    const fromOld = resource({ kind: "route", service: "routing", id: "tg-acme-dev", instanceId: ACME_OLD });
    expect(findOrphans([fromOld], instances)).toEqual([
      { ...fromOld, reason: `its instance ${ACME_OLD} is DEPROVISIONED` },
    ]);
    const failed = [instance(ACME_OLD, "FAILED")];
    expect(findOrphans([fromOld], failed)[0]?.reason).toBe(`its instance ${ACME_OLD} is FAILED`);
  });

  it.each(["PENDING_PROVISIONING", "PROVISIONING", "ROLLING_BACK", "PENDING_DEPRO", "SUSPENDED"] as const)(
    "given an instance %s, then its resources are never orphans",
    (state) => {
      const instances = [instance(ACME_DEV, state)];
      expect(findOrphans([resource({ instanceId: ACME_DEV }), resource()], instances)).toEqual([]);
    },
  );

  it("given a resource without instance and a tenant with no instance at all, then it is an orphan", () => {
    const ghost = resource({ id: "wp_ghost", tenantId: "ghost" });
    expect(findOrphans([ghost], [instance(ACME_DEV, "ACTIVE")])).toEqual([
      { ...ghost, reason: "tenant ghost has no instance in the ledger" },
    ]);
  });

  it("given a resource without instance, then only the tenant's instances in its environment own it", () => {
    const instances = [instance(ACME_PROD, "ACTIVE", "prod")];
    const devSecret = resource({ kind: "secret", id: "acme/dev/db", environment: "dev" });
    const anyEnvironment = resource();
    expect(findOrphans([devSecret, anyEnvironment], instances)).toEqual([
      { ...devSecret, reason: "tenant acme has no instance in dev in the ledger" },
    ]);
  });

  it("given every instance of the tenant finished, then its unattributed resources are orphans, listing them", () => {
    const instances = [instance(ACME_OLD, "DEPROVISIONED"), instance(ACME_DEV, "FAILED")];
    expect(findOrphans([resource()], instances)).toEqual([
      {
        ...resource(),
        reason: `every instance of tenant acme is DEPROVISIONED or FAILED: ${ACME_OLD} (DEPROVISIONED), ${ACME_DEV} (FAILED)`,
      },
    ]);
  });

  it("given a finished instance and a live one of the tenant, then its unattributed resources are not orphans", () => {
    const instances = [instance(ACME_OLD, "DEPROVISIONED"), instance(ACME_DEV, "PROVISIONING")];
    expect(findOrphans([resource()], instances)).toEqual([]);
  });
});
