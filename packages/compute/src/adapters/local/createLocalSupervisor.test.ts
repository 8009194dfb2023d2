import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DomainEvent, resourceNames } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { computeOperations } from "../../testing/computeDriver.ts";
import { createLocalComputeProvider } from "./createLocalComputeProvider.ts";
import { createLocalComputeFixture } from "./localComputeFixture.ts";
import { phpServersIn } from "./localTestProcesses.ts";
import { groupMembers } from "./processGroups.ts";
import { createTenantRegistry } from "./tenantRegistry.ts";

/** The supervisor against real php -S groups; its clock is the test's, each tick run by hand. */
describe("the local supervisor", () => {
  it("restarts a killed group and reports the stop and the recovery; a crash loop is UNHEALTHY with the log's reason", async () => {
    const range = { from: 21_500, to: 21_509 };
    const own = await createLocalComputeFixture({ portRange: range });
    const provider = createLocalComputeProvider(own.options);
    const clock = { now: 1_000_000 };
    const reports: DomainEvent[] = [];
    const supervisor = provider.supervise({
      report: async (event) => {
        reports.push(event);
      },
      clock: () => clock.now,
      policy: { baseDelayMs: 1_000, maxDelayMs: 4_000, limit: 2 },
    });
    try {
      const { instance, request } = await own.newTenant();
      await computeOperations(provider).ensure(instance, request);
      const registry = createTenantRegistry(join(own.options.dataDir, "compute/registry.json"));
      const group = resourceNames(instance.tenantId, "dev").targetGroup;
      await supervisor.tick();
      expect(reports).toEqual([]); // alive: nothing to do

      const killed = registry.get(instance.tenantId)!.pgid!;
      process.kill(-killed, "SIGKILL");
      while (groupMembers(killed).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await supervisor.tick();
      expect(reports.map((event) => event["detail-type"])).toEqual(["TaskStopped", "HealthObserved"]);
      expect(reports[0]?.detail.data).toMatchObject({
        taskId: `php-group:${killed}`,
        desiredCount: 1,
        runningCount: 0,
        observer: "supervisor",
      });
      expect(reports[1]?.detail.data).toMatchObject({ status: "HEALTHY", observer: "supervisor" });
      const restarted = registry.get(instance.tenantId)!;
      expect(restarted.pgid).not.toBe(killed);
      expect(own.options.targetGroups.get(group)?.targets).toEqual([`127.0.0.1:${restarted.port}`]);

      // A config php cannot parse: the group starts, WordPress answers 500, the start fails.
      const configFile = join(own.options.dataDir, "compute", instance.tenantId, "wp-config.php");
      const config = readFileSync(configFile, "utf8");
      writeFileSync(configFile, "<?php this is not php;\n");
      reports.length = 0;
      process.kill(-restarted.pgid!, "SIGKILL");
      while (groupMembers(restarted.pgid!).length > 0)
        await new Promise((resolve) => setTimeout(resolve, 10));
      await supervisor.tick(); // stop seen, first start fails
      expect(own.options.targetGroups.get(group)?.targets).toEqual([]); // the proxy answers "starting"
      await supervisor.tick(); // not due yet (1 s backoff): nothing
      expect(reports.map((event) => event["detail-type"])).toEqual(["TaskStopped"]);
      clock.now += 1_000;
      await supervisor.tick(); // second failure: the crash loop
      expect(reports.map((event) => event["detail-type"])).toEqual(["TaskStopped", "HealthObserved"]);
      expect(reports[1]?.detail.data).toMatchObject({
        status: "UNHEALTHY",
        reason: expect.stringMatching(/^crash loop: 2 restarts failed; .*syntax error.*wp-config\.php/),
      });
      expect(phpServersIn(range)).toEqual([]); // a failed start leaves no php behind

      writeFileSync(configFile, config);
      clock.now += 2_000;
      await supervisor.tick();
      expect(reports.at(-1)?.detail.data).toMatchObject({ status: "HEALTHY" });
    } finally {
      await supervisor.stop();
      await provider.stopAll();
      await own.dispose();
    }
  }, 60_000);
});
