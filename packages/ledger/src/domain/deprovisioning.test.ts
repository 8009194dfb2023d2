import { describe, expect, it } from "vitest";
import { activeInstance } from "../testing/lifecycleSteps.ts";
import { command, event, names, op, provisionCommand, released, run } from "../testing/scenario.ts";

const releasedFor = (operationId: string) => ({
  routing: () => event("RoutingReleased", { operationId, reason: "deprovision", released: ["rule"] }),
  compute: () => event("ComputeReleased", { operationId, reason: "deprovision", released: ["service"] }),
  identity: () => event("IdentityReleased", { operationId, reason: "deprovision", released: ["pool"] }),
  storage: () =>
    event("StorageReleased", {
      operationId,
      reason: "deprovision",
      released: ["db"],
      archive: { location: "file:///a.tar.gz", sha256: "b".repeat(64), sizeBytes: 42 },
    }),
});

describe("deprovisioning", () => {
  it("releases routing, compute, identity, then storage (archived), one stage at a time", () => {
    const deprovision = command("deprovision");
    const release = releasedFor(deprovision.operationId);
    const started = run([deprovision], activeInstance());
    expect(started.record?.state).toBe("PENDING_DEPRO");
    expect(names(started.emits)).toEqual(["DeprovisionStarted", "ReleaseRequested"]);
    const order: unknown[] = [started.emits[1]?.data];
    let record = started.record;
    for (const next of [release.routing, release.compute, release.identity]) {
      const step = run([next()], record);
      order.push(step.emits[0]?.data);
      record = step.record;
    }
    expect(order).toEqual([
      expect.objectContaining({ service: "routing", archive: false }),
      expect.objectContaining({ service: "compute" }),
      expect.objectContaining({ service: "identity" }),
      expect.objectContaining({ service: "storage", reason: "deprovision", archive: true }),
    ]);
    const done = run([release.storage()], record);
    expect(done.record?.state).toBe("DEPROVISIONED");
    expect(done.emits).toEqual([
      {
        name: "InstanceDeprovisioned",
        data: { operationId: deprovision.operationId, archive: expect.objectContaining({ sizeBytes: 42 }) },
      },
    ]);
    expect(done.last.tenantSlot).toBe("free");
  });

  it("stops and keeps the data when a release fails; a retry starts again", () => {
    const deprovision = command("deprovision");
    const release = releasedFor(deprovision.operationId);
    const { record } = run(
      [deprovision, release.routing(), release.compute(), release.identity()],
      activeInstance(),
    );
    const failure = {
      operationId: deprovision.operationId,
      code: "STORAGE.ARCHIVE_FAILED",
      reason: "checksum mismatch",
      retryable: true,
    };
    const failed = run([event("StorageFailed", failure)], record);
    expect(failed.record?.state).toBe("PENDING_DEPRO");
    expect(failed.record?.operation.status).toBe("FAILED");
    expect(names(failed.emits)).toEqual(["OperationFailed"]);
    const retried = run([command("deprovision")], failed.record);
    expect(names(retried.emits)).toEqual(["DeprovisionStarted", "ReleaseRequested"]);
  });

  it("deprovisions a FAILED instance: every service is asked again, releases are idempotent", () => {
    const failure = {
      operationId: op,
      code: "ROUTING.CAPACITY_EXHAUSTED",
      reason: "pool full",
      retryable: false,
    };
    const rolledBack = run([
      provisionCommand(),
      event("RoutingFailed", failure),
      released.routing(),
      released.identity(),
      released.storage(),
    ]).record;
    expect(rolledBack?.state).toBe("FAILED");
    const deprovision = command("deprovision");
    const started = run([deprovision], rolledBack);
    expect(started.record?.state).toBe("PENDING_DEPRO");
    expect(started.emits.at(-1)?.data).toMatchObject({ service: "routing" });
  });

  it("refuses any operation once DEPROVISIONED", () => {
    const deprovision = command("deprovision");
    const release = releasedFor(deprovision.operationId);
    const { record } = run(
      [deprovision, release.routing(), release.compute(), release.identity(), release.storage()],
      activeInstance(),
    );
    expect(run([command("resume")], record).last.rejection).toMatchObject({
      code: "LEDGER.TRANSITION_FORBIDDEN",
      allowed: [],
    });
  });
});
