import { existsSync } from "node:fs";
import { join } from "node:path";
import { resourceNames } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { computeOperations } from "../../testing/computeDriver.ts";
import { createLocalComputeInventory } from "./createLocalComputeInventory.ts";
import { createLocalComputeProvider } from "./createLocalComputeProvider.ts";
import { createLocalComputeFixture } from "./localComputeFixture.ts";
import { phpServersIn, startBarePhp } from "./localTestProcesses.ts";
import { groupMembers } from "./processGroups.ts";
import { createTenantRegistry } from "./tenantRegistry.ts";

const RANGE = { from: 21_420, to: 21_439 };

describe("createLocalComputeInventory", () => {
  it("lists real process groups and registry entries, and removes a planted group and a live tenant's entry", async () => {
    const fixture = await createLocalComputeFixture({ portRange: RANGE });
    const provider = createLocalComputeProvider(fixture.options);
    try {
      const { instance, request } = await fixture.newTenant();
      await computeOperations(provider).ensure(instance, request);
      const { tenantId, instanceId } = instance;
      // A crash between spawn and record: a group serving a config no entry names.
      const ghostConfig = join(fixture.options.dataDir, "compute/ghost/wp-config.php");
      const ghostPgid = await startBarePhp(RANGE.to, { WP_TENANT_CONFIG: ghostConfig });
      const inventory = createLocalComputeInventory(fixture.options);

      const listed = await inventory.list();
      const pgid = createTenantRegistry(join(fixture.options.dataDir, "compute/registry.json")).get(
        tenantId,
      )?.pgid;
      expect(listed).toEqual(
        expect.arrayContaining([
          { service: "compute", kind: "process-group", id: `ghost:${ghostPgid}`, tenantId: "ghost" },
          {
            service: "compute",
            kind: "process-group",
            id: `${tenantId}:${pgid}`,
            tenantId,
            environment: "dev",
            instanceId,
          },
          {
            service: "compute",
            kind: "registry-entry",
            id: tenantId,
            tenantId,
            environment: "dev",
            instanceId,
          },
        ]),
      );
      expect(listed).toHaveLength(3);

      const ghost = listed.find((item) => item.tenantId === "ghost");
      if (!ghost) throw new Error("the planted group was not listed");
      expect(await inventory.remove(ghost)).toEqual([`process-group:${ghostPgid} (ghost)`]);
      expect(groupMembers(ghostPgid)).toEqual([]);
      expect(await inventory.remove(ghost)).toEqual([]);

      const entry = listed.find((item) => item.kind === "registry-entry");
      if (!entry) throw new Error("the registry entry was not listed");
      const deleted = await inventory.remove(entry);
      expect(deleted).toEqual([
        `registry-entry:${tenantId}`,
        `directory:${join(fixture.options.dataDir, "compute", tenantId)}`,
      ]);
      expect(await inventory.list()).toEqual([]);
      expect(existsSync(join(fixture.options.dataDir, "compute", tenantId))).toBe(false);
      const group = fixture.options.targetGroups.get(resourceNames(tenantId, "dev").targetGroup);
      expect(group?.targets).toEqual([]);
      expect(phpServersIn(RANGE)).toEqual([]);
    } finally {
      await provider.stopAll();
      await fixture.dispose();
    }
  });
});
