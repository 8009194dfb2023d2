import { describe, expect, it } from "vitest";
import { checkQuietInvariant, createSimulatedMesh } from "./support/simulatedMesh.ts";

describe("provisioning saga, happy path", () => {
  it("TenantCreated → InstanceActivated, every resource created exactly once", async () => {
    const simulation = createSimulatedMesh();
    await simulation.mesh.bus.publish([
      {
        source: "bbws.tenant-management",
        "detail-type": "TenantCreated",
        detail: {
          meta: {
            eventId: crypto.randomUUID(),
            schemaVersion: 1,
            occurredAt: "2026-11-22T10:00:00.000Z",
            correlationId: "tenant-acme",
            causationId: null,
            tenantId: "acme",
            environment: "dev",
          },
          data: { tenantId: "acme", organisationName: "Acme", environment: "dev" },
        },
      },
    ]);
    await simulation.runUntilQuiet();
    const [record] = await simulation.records();
    expect(record?.state).toBe("ACTIVE");
    expect(record?.spec.hostname).toBe("acme.sites.example.com");
    for (const service of ["identity", "storage", "routing", "compute"] as const) {
      expect([...simulation.cloud.inventory.creations[service].values()]).toEqual([1]);
    }
    const timeline = (await simulation.mesh.ledgerStore.events(record?.instanceId ?? "")).map(
      (entry) => entry.event["detail-type"],
    );
    expect(timeline).toContain("InstanceActivated");
    expect(timeline.filter((name) => name === "ComputeRequested")).toHaveLength(1);
    expect(await checkQuietInvariant(simulation)).toEqual([]);
  });

  it("suspends, resumes and deprovisions, leaving nothing behind", async () => {
    const simulation = createSimulatedMesh();
    const instanceId = await simulation.provision("acme");
    await simulation.runUntilQuiet();
    await simulation.command(instanceId, "suspend");
    await simulation.runUntilQuiet();
    expect((await simulation.records())[0]?.state).toBe("SUSPENDED");
    expect(simulation.cloud.suspended.has(instanceId)).toBe(true);
    await simulation.command(instanceId, "resume");
    await simulation.runUntilQuiet();
    expect((await simulation.records())[0]?.state).toBe("ACTIVE");
    await simulation.command(instanceId, "deprovision");
    await simulation.runUntilQuiet();
    const [record] = await simulation.records();
    expect(record?.state).toBe("DEPROVISIONED");
    expect(record?.outputs.archive?.location).toContain(instanceId);
    expect(await checkQuietInvariant(simulation)).toEqual([]);
  });
});
