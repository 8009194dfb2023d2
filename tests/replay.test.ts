import { SERVICES } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { checkQuietInvariant, createSimulatedMesh } from "./support/simulatedMesh.ts";

describe("archive and replay", () => {
  it("replaying an instance's events changes nothing: consumers absorb them", async () => {
    const simulation = createSimulatedMesh();
    const instanceId = await simulation.provision("alpha");
    const other = await simulation.provision("bravo");
    await simulation.runUntilQuiet();
    const before = await simulation.mesh.ledgerStore.get(instanceId);

    const replayed = await simulation.mesh.replay({ name: "drill-1", instanceId });
    expect(replayed).toBeGreaterThanOrEqual(8); // the whole provisioning saga of alpha
    await simulation.runUntilQuiet();

    const after = await simulation.mesh.ledgerStore.get(instanceId);
    expect(after?.record.state).toBe("ACTIVE");
    expect(after?.record.operation).toEqual(before?.record.operation);
    for (const service of SERVICES) {
      expect([...simulation.cloud.inventory.creations[service].values()], service).toEqual([1, 1]);
    }
    expect((await simulation.mesh.ledgerStore.get(other))?.version).toBeDefined();
    expect(await checkQuietInvariant(simulation)).toEqual([]);
  });

  it("replays a time range, marking each event with replay-name", async () => {
    const simulation = createSimulatedMesh();
    await simulation.provision("alpha");
    await simulation.runUntilQuiet();
    simulation.advance(60_000);
    const from = simulation.now();
    await simulation.provision("bravo");
    await simulation.runUntilQuiet();

    const seen: string[] = [];
    const replayed = await simulation.mesh.replay({ name: "range-1", from });
    for (const consumer of ["identity", "storage", "routing", "compute", "ledger"] as const) {
      for (const message of simulation.mesh.queues[consumer].receive(10)) {
        const body = JSON.parse(message.body) as {
          "replay-name"?: string;
          detail: { meta: { tenantId: string } };
        };
        seen.push(`${body["replay-name"]}:${body.detail.meta.tenantId}`);
      }
    }
    expect(replayed).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(["range-1:bravo"]));
    simulation.advance(60_000); // let the received messages become visible again, and absorb them
    await simulation.runUntilQuiet();
    expect(await checkQuietInvariant(simulation)).toEqual([]);
  });
});
