import type { InstanceState, Service } from "@bbws/contracts";
import { afterAll, describe, expect, it } from "vitest";
import type { Fault } from "../runtime/inMemoryCloud.ts";
import { seeded } from "./support/seeded.ts";
import { checkQuietInvariant, createSimulatedMesh, type SimulationOptions } from "./support/simulatedMesh.ts";

/**
 * For every step of the saga and each way it can go wrong, the end state is
 * right and the clouds hold no orphan and no duplicate. The matrix is printed.
 */
const SERVICES: readonly Service[] = ["identity", "storage", "routing", "compute"];
const TENANTS = ["alpha", "bravo", "charlie"];
const READY: Record<Service, string> = {
  identity: "IdentityReady",
  storage: "StorageReady",
  routing: "RoutingReady",
  compute: "ComputeReady",
};
const RELEASED: Record<Service, string> = {
  identity: "IdentityReleased",
  storage: "StorageReleased",
  routing: "RoutingReleased",
  compute: "ComputeReleased",
};

type FaultName =
  | "transient error"
  | "permanent error"
  | "timeout after the effect"
  | "crash before the event"
  | "duplicate delivery"
  | "reordered delivery";

interface Row {
  readonly step: string;
  readonly fault: FaultName;
  readonly options: SimulationOptions;
  readonly expected: InstanceState;
  /** Deprovision once the provisioning has settled. */
  readonly deprovision?: boolean;
}

function faultOptions(
  service: Service,
  action: Fault["action"],
  fault: FaultName,
  base: readonly Fault[],
): SimulationOptions {
  const event = action === "ensure" ? READY[service] : RELEASED[service];
  switch (fault) {
    case "transient error":
      return { faults: [...base, { service, action, kind: "transient", times: 2 }] };
    case "permanent error":
      return { faults: [...base, { service, action, kind: "permanent" }] };
    case "timeout after the effect":
      return { faults: [...base, { service, action, kind: "timeoutAfterEffect", times: 1 }] };
    case "crash before the event":
      return { faults: base, crashBeforeEvent: { service, detailType: event, times: 2 } };
    case "duplicate delivery":
      return { faults: base, duplicateRate: 1, duplicateFrom: service };
    case "reordered delivery":
      return { faults: base, reorder: true, parallelism: 3, random: seeded(7) };
    default: {
      const unreachable: never = fault;
      throw new Error(String(unreachable));
    }
  }
}

const FAULTS: readonly FaultName[] = [
  "transient error",
  "permanent error",
  "timeout after the effect",
  "crash before the event",
  "duplicate delivery",
  "reordered delivery",
];

// Rollback runs are triggered by a permanent failure of routing's create for every tenant.
const ROUTING_FAILS: readonly Fault[] = [{ service: "routing", action: "ensure", kind: "permanent" }];

const rows: Row[] = [
  ...SERVICES.flatMap((service) =>
    FAULTS.map((fault) => ({
      step: `${service} create`,
      fault,
      options: faultOptions(service, "ensure", fault, []),
      expected: fault === "permanent error" ? ("FAILED" as const) : ("ACTIVE" as const),
    })),
  ),
  ...SERVICES.filter((service) => service !== "compute").flatMap((service) =>
    FAULTS.filter((fault) => fault !== "permanent error").map((fault) => ({
      step: `${service} release (rollback)`,
      fault,
      options: faultOptions(
        service,
        "release",
        fault,
        service === "routing" ? [{ service: "storage", action: "ensure", kind: "permanent" }] : ROUTING_FAILS,
      ),
      expected: "FAILED" as const,
    })),
  ),
  ...SERVICES.flatMap((service) =>
    FAULTS.filter((fault) => fault !== "permanent error").map((fault) => ({
      step: `${service} release (deprovision)`,
      fault,
      options: faultOptions(service, "release", fault, []),
      expected: "DEPROVISIONED" as const,
      deprovision: true,
    })),
  ),
  { step: "ledger relay", fault: "crash before the event", options: { relayCrashes: 5 }, expected: "ACTIVE" },
  {
    step: "ledger relay",
    fault: "duplicate delivery",
    options: { duplicateRate: 1, duplicateFrom: "ledger" },
    expected: "ACTIVE",
  },
];

const results: string[] = [];

describe("saga fault matrix", () => {
  it.each(rows.map((row) => [`${row.step} × ${row.fault} → ${row.expected}`, row] as const))(
    "%s",
    async (_name, row) => {
      const simulation = createSimulatedMesh(row.options);
      const instanceIds: string[] = [];
      for (const tenantId of TENANTS) instanceIds.push(await simulation.provision(tenantId));
      await simulation.runUntilQuiet();
      if (row.deprovision) {
        for (const instanceId of instanceIds) await simulation.command(instanceId, "deprovision");
        await simulation.runUntilQuiet();
      }
      const states = (await simulation.records()).map((record) => record.state);
      const problems = await checkQuietInvariant(simulation);
      results.push(
        `| ${row.step} | ${row.fault} | ${row.expected} | ${[...new Set(states)].join(", ")} | ${problems.length === 0 ? "none" : problems.join("; ")} |`,
      );
      expect(states).toEqual(TENANTS.map(() => row.expected));
      expect(problems).toEqual([]);
      if (row.expected === "ACTIVE") {
        for (const service of SERVICES) {
          expect(
            [...simulation.cloud.inventory.creations[service].values()],
            `${service} created once per tenant`,
          ).toEqual(TENANTS.map(() => 1));
        }
      }
    },
  );

  it("a permanent release failure stops the rollback and the operation goes STUCK for an operator", async () => {
    const simulation = createSimulatedMesh({
      faults: [...ROUTING_FAILS, { service: "identity", action: "release", kind: "permanent" }],
    });
    await simulation.provision("alpha");
    await simulation.runUntilQuiet();
    expect((await simulation.records())[0]?.state).toBe("ROLLING_BACK");
    simulation.advance(16 * 60_000);
    expect(await simulation.mesh.ledger.sweepStuck()).toBe(1);
    await simulation.runUntilQuiet();
    const [record] = await simulation.records();
    expect(record?.operation.status).toBe("STUCK");
    const timeline = (await simulation.mesh.ledgerStore.events(record?.instanceId ?? "")).map(
      (entry) => entry.event["detail-type"],
    );
    expect(timeline).toContain("OperationStuck");
    // storage, the last stage, was never asked: its data is kept for the operator
    expect(simulation.cloud.inventory.live.storage.size).toBe(1);
  });

  afterAll(() => {
    console.log(
      [
        "",
        "| step | fault | expected | end state | problems |",
        "|---|---|---|---|---|",
        ...results,
        "",
      ].join("\n"),
    );
  });
});
