import { describe, expect, it } from "vitest";
import { provisioningHappyPath } from "../testing/lifecycleSteps.ts";
import { event, failure, names, provisionCommand, ready, released, run } from "../testing/scenario.ts";

describe("provisioning saga", () => {
  it("given a provision command, records PENDING_PROVISIONING, claims the slot, requests the instance", () => {
    const { record, emits, last } = run([provisionCommand()]);
    expect(record?.state).toBe("PENDING_PROVISIONING");
    expect(record?.operation.status).toBe("PENDING");
    expect(last.tenantSlot).toBe("claim");
    expect(names(emits)).toEqual(["InstanceRequested"]);
  });

  it("requests compute once identity, storage and routing are all ready, with their outputs", () => {
    const { record, emits } = run([provisionCommand(), ready.identity(), ready.storage()]);
    expect(record?.state).toBe("PROVISIONING");
    expect(record?.operation.status).toBe("IN_PROGRESS");
    expect(names(emits)).toEqual(["InstanceRequested"]);
    const after = run([ready.routing()], record);
    expect(names(after.emits)).toEqual(["ComputeRequested"]);
    expect(after.emits[0]?.data).toMatchObject({
      identity: { userPoolId: "eu-west-1_Abc" },
      storage: { databaseName: "wp_acme" },
    });
  });

  it("activates when compute is ready and healthy, in either order", () => {
    const inOrder = run(provisioningHappyPath());
    const swapped = run([...provisioningHappyPath().slice(0, 4), ready.healthy(), ready.compute()]);
    for (const { record, emits } of [inOrder, swapped]) {
      expect(record?.state).toBe("ACTIVE");
      expect(record?.operation.status).toBe("COMPLETED");
      expect(names(emits)).toEqual(["InstanceRequested", "ComputeRequested", "InstanceActivated"]);
    }
  });

  it("changes nothing on duplicates", () => {
    const { record } = run(provisioningHappyPath());
    const again = run(
      [ready.identity(), ready.storage(), ready.routing(), ready.compute(), ready.healthy()],
      record,
    );
    expect(again.record).toBe(record);
    expect(again.emits).toEqual([]);
  });

  it("on the first failure rolls back in the HLD order and ends FAILED with the slot freed", () => {
    const start = run([provisionCommand(), ready.identity(), ready.storage()]);
    const failed = run([event("RoutingFailed", failure())], start.record);
    expect(failed.record?.state).toBe("ROLLING_BACK");
    expect(names(failed.emits)).toEqual(["ProvisioningFailed", "ReleaseRequested"]);
    expect(failed.emits[1]?.data).toMatchObject({ service: "routing", reason: "rollback", archive: false });

    const routing = run([released.routing()], failed.record);
    // compute was never requested, so the next stage is identity
    expect(routing.emits.map((emitted) => emitted.data)).toEqual([
      expect.objectContaining({ service: "identity" }),
    ]);
    const identity = run([released.identity()], routing.record);
    expect(identity.emits.map((emitted) => emitted.data)).toEqual([
      expect.objectContaining({ service: "storage" }),
    ]);
    const done = run([released.storage()], identity.record);
    expect(done.record?.state).toBe("FAILED");
    expect(done.record?.operation).toMatchObject({
      status: "FAILED",
      failure: { code: "ROUTING.CAPACITY_EXHAUSTED", service: "routing" },
    });
    expect(names(done.emits)).toEqual(["InstanceRolledBack"]);
    expect(done.last.tenantSlot).toBe("free");
  });

  it("a second failure during the rollback changes nothing", () => {
    const failed = run([provisionCommand(), event("RoutingFailed", failure())]);
    const again = run(
      [event("StorageFailed", { ...failure(), code: "STORAGE.DATABASE_UNAVAILABLE" })],
      failed.record,
    );
    expect(again.emits).toEqual([]);
    expect(again.record?.operation.failure?.code).toBe("ROUTING.CAPACITY_EXHAUSTED");
  });

  it("releases a resource whose Ready arrives after its release (late Ready)", () => {
    const failed = run([
      provisionCommand(),
      event("RoutingFailed", failure()),
      released.routing(),
      released.identity(),
    ]);
    const storageReleasedFirst = run([released.storage()], failed.record);
    expect(storageReleasedFirst.record?.state).toBe("FAILED");
    const late = run([ready.storage()], storageReleasedFirst.record);
    expect(names(late.emits)).toEqual(["ReleaseRequested"]);
    expect(late.emits[0]?.data).toMatchObject({ service: "storage", reason: "rollback" });
    expect(late.record?.resources.storage).toBe("releasing");
    const settled = run([released.storage()], late.record);
    expect(settled.record?.resources.storage).toBe("released");
    expect(settled.record?.state).toBe("FAILED");
    expect(settled.emits).toEqual([]);
  });

  it("a Ready during the rollback, before its stage, is released at its stage", () => {
    const failed = run([provisionCommand(), event("RoutingFailed", failure()), ready.storage()]);
    expect(failed.record?.resources.storage).toBe("ready");
    const next = run([released.routing(), released.identity()], failed.record);
    expect(next.emits.at(-1)?.data).toMatchObject({ service: "storage" });
  });

  it("a compute failure after ComputeRequested also releases compute", () => {
    const { record } = run([provisionCommand(), ready.identity(), ready.storage(), ready.routing()]);
    const failed = run(
      [event("ComputeFailed", { ...failure(), code: "COMPUTE.TASK_FAILED_TO_START" })],
      record,
    );
    const routing = run([released.routing()], failed.record);
    expect(routing.emits[0]?.data).toMatchObject({ service: "compute" });
  });

  it("an unhealthy instance during provisioning is rolled back", () => {
    const { record } = run([
      provisionCommand(),
      ready.identity(),
      ready.storage(),
      ready.routing(),
      ready.compute(),
    ]);
    const unhealthy = run(
      [event("InstanceUnhealthy", { ...failure(), code: "COMPUTE.HEALTH_CHECK_FAILED" })],
      record,
    );
    expect(unhealthy.record?.state).toBe("ROLLING_BACK");
    expect(unhealthy.emits[0]).toMatchObject({
      name: "ProvisioningFailed",
      data: { failedService: "compute" },
    });
  });

  it("rejects a second provision of the same instance", () => {
    const { last } = run([
      provisionCommand(),
      { ...provisionCommand(), operationId: "1b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f" },
    ]);
    expect(last.rejection?.code).toBe("LEDGER.INSTANCE_EXISTS");
  });

  it("accepts the same provision command twice (idempotent retry)", () => {
    const { last, emits } = run([provisionCommand(), provisionCommand()]);
    expect(last.rejection).toBeUndefined();
    expect(names(emits)).toEqual(["InstanceRequested"]);
  });
});
