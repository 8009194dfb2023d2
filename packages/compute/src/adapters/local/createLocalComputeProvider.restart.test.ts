import { join } from "node:path";
import { resourceNames } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { computeOperations } from "../../testing/computeDriver.ts";
import { createLocalComputeProvider, type LocalComputeProvider } from "./createLocalComputeProvider.ts";
import { createLocalComputeFixture } from "./localComputeFixture.ts";
import { holdPort, phpServersIn, startBarePhp } from "./localTestProcesses.ts";
import { groupMembers } from "./processGroups.ts";
import { createTenantRegistry } from "./tenantRegistry.ts";

describe("local compute across stack restarts", () => {
  it("re-adopts live groups, restarts dead ones, reports what it cannot serve, ends orphans; stopAll leaves no php", async () => {
    const range = { from: 21_300, to: 21_319 };
    const own = await createLocalComputeFixture({ portRange: range });
    const blocker = await holdPort(range.from);
    const providers: LocalComputeProvider[] = [];
    const start = () => providers[providers.push(createLocalComputeProvider(own.options)) - 1]!;
    try {
      const [a, b] = [await own.newTenant(), await own.newTenant()];
      const first = start();
      const ops = computeOperations(first);
      await ops.ensure(a.instance, a.request);
      await ops.ensure(b.instance, b.request);
      const entries = createTenantRegistry(join(own.options.dataDir, "compute/registry.json"));
      const [tenantA, tenantB] = [a.instance.tenantId, b.instance.tenantId];
      expect(entries.ports().has(range.from)).toBe(false); // someone else holds it
      const orphanConfig = join(own.options.dataDir, "compute/tghost/wp-config.php");
      const orphan = await startBarePhp(range.to, { WP_TENANT_CONFIG: orphanConfig });
      expect(await start().adoptOrRestart()).toEqual({
        adopted: [tenantA, tenantB],
        restarted: [],
        failed: [],
      });
      expect(groupMembers(orphan)).toEqual([]);
      const pgidB = entries.get(tenantB)!.pgid!;
      process.kill(-pgidB, "SIGKILL");
      while (groupMembers(pgidB).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      // B's target group is gone (routing lost it): B starts but is reported, A is still adopted.
      const groupB = own.options.targetGroups.get(resourceNames(tenantB, "dev").targetGroup)!;
      own.options.targetGroups.remove(groupB.name);
      const report = { adopted: [tenantA], restarted: [], failed: [tenantB] };
      expect(await start().adoptOrRestart()).toEqual(report);
      own.options.targetGroups.upsert({ ...groupB, targets: [] });
      const recovered = { adopted: [tenantA, tenantB], restarted: [], failed: [] };
      expect(await start().adoptOrRestart()).toEqual(recovered);
      expect(own.options.targetGroups.get(groupB.name)?.targets).toEqual([
        `127.0.0.1:${entries.get(tenantB)!.port}`,
      ]);
      await providers.at(-1)!.stopAll();
      expect(phpServersIn(range)).toEqual([]);
      expect(entries.list().map((entry) => entry.state)).toEqual(["running", "running"]);
      const last = start();
      expect(await last.adoptOrRestart()).toEqual({ adopted: [], restarted: [tenantA, tenantB], failed: [] });
      for (const { instance, request } of [a, b])
        expect((await last.checkHealth(instance, request.routing)).httpStatus).toBe(200);
    } finally {
      for (const each of providers) await each.stopAll();
      blocker.close();
      await own.dispose();
    }
    expect(phpServersIn(range)).toEqual([]);
    // Four real WordPress starts: ~8 s alone, several times that on a loaded 2-core machine.
  }, 90_000);
});
