import { randomUUID } from "node:crypto";
import type { HealthProbe, ProbeFinding } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { createMemoryLedgerStore } from "../adapters/memory/createMemoryLedgerStore.ts";
import { answerAsServices } from "../testing/answerAsServices.ts";
import { sampleSpec } from "../testing/sampleRecords.ts";
import { createHealthSweep } from "./createHealthSweep.ts";
import { createLedgerService } from "./createLedgerService.ts";

const MINUTE = 60_000;

async function setup() {
  const clock = { now: Date.now() };
  const store = createMemoryLedgerStore();
  const ledger = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: { wordpress: { version: "6.4.3", image: "wordpress:6.4.3" }, baseDomain: "example.com" },
    clock: () => new Date(clock.now),
  });
  const ids: string[] = [];
  for (const tenantId of ["acme", "beta"]) {
    const instanceId = randomUUID();
    ids.push(instanceId);
    await ledger.handleCommand({
      operation: "provision",
      instanceId,
      operationId: randomUUID(),
      correlationId: "c",
      requestedBy: "test",
      spec: sampleSpec({ tenantId }),
    });
    await answerAsServices({ ledger, store }, instanceId);
  }
  const finding: { http: ProbeFinding } = { http: { outcome: "pass", detail: "200" } };
  const checked: string[] = [];
  const probe: HealthProbe = {
    part: "http",
    async check(target) {
      checked.push(target.tenantId);
      return finding.http;
    },
  };
  const sweep = createHealthSweep({
    store,
    handleEvent: (event) => ledger.handleEvent(event),
    probes: [probe],
    staleAfterMs: 5 * MINUTE,
    clock: () => clock.now,
  });
  const health = async (index: number) => (await store.get(ids[index] ?? ""))?.record.health;
  return { clock, sweep, finding, checked, health };
}

describe("the health sweep", () => {
  it("checks every ACTIVE instance never checked, then only those whose last check is stale", async () => {
    const { clock, sweep, checked, health } = await setup();
    expect(await sweep.sweep()).toBe(2);
    expect(checked.sort()).toEqual(["acme", "beta"]);
    expect(await health(0)).toMatchObject({ status: "HEALTHY", observer: "sweep" });
    clock.now += 4 * MINUTE;
    expect(await sweep.sweep()).toBe(0);
    clock.now += 2 * MINUTE;
    expect(await sweep.sweep()).toBe(2);
  });

  it("an instance found not serving is UNHEALTHY with the probe's reason", async () => {
    const { sweep, finding, health } = await setup();
    finding.http = { outcome: "fail", detail: "GET https://acme.example.com/ answered 502" };
    await sweep.sweep();
    expect(await health(0)).toMatchObject({
      status: "UNHEALTHY",
      observer: "sweep",
      reason: "http: GET https://acme.example.com/ answered 502",
    });
  });
});
