import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { eventDefinition } from "./catalog.ts";
import {
  FROM_TENANT_MANAGEMENT,
  TENANT_MANAGEMENT_PATTERN,
  TO_TENANT_MANAGEMENT,
} from "./tenantManagement.ts";

const schemaOf = (name: (typeof TO_TENANT_MANAGEMENT)[number] | "TenantCreated") =>
  join(import.meta.dirname, "..", "schemas", `${name}.v${eventDefinition(name).version}.json`);

describe("the contract with Tenant Management", () => {
  it("has a committed JSON Schema for every event either way", () => {
    for (const name of [...FROM_TENANT_MANAGEMENT, ...TO_TENANT_MANAGEMENT])
      expect(existsSync(schemaOf(name))).toBe(true);
  });

  it("takes in only what Tenant Management produces, and sends back only the ledger's outcomes", () => {
    for (const name of FROM_TENANT_MANAGEMENT)
      expect(eventDefinition(name).producers).toEqual(["tenant-management"]);
    for (const name of TO_TENANT_MANAGEMENT) expect(eventDefinition(name).producers).toEqual(["ledger"]);
    expect(TENANT_MANAGEMENT_PATTERN).toEqual({
      source: ["bbws.ledger"],
      "detail-type": [
        "InstanceActivated",
        "ProvisioningFailed",
        "InstanceRolledBack",
        "InstanceDeprovisioned",
      ],
    });
  });
});
