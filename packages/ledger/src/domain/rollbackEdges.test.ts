import { describe, expect, it } from "vitest";
import { event, failure, names, provisionCommand, ready, released, run } from "../testing/scenario.ts";
import type { InstanceRecord } from "./instance.ts";

describe("a rollback's edges", () => {
  it("given a rollback, when it ends, then InstanceRolledBack carries the failure that caused it", () => {
    const { emits } = run([
      provisionCommand(),
      event("RoutingFailed", failure()),
      released.routing(),
      released.identity(),
      released.storage(),
    ]);
    expect(emits.at(-1)).toEqual({
      name: "InstanceRolledBack",
      data: {
        operationId: provisionCommand().operationId,
        code: "ROUTING.CAPACITY_EXHAUSTED",
        reason: "pool full",
      },
    });
  });

  it("given a rollback that recorded no failure, when it ends, then InstanceRolledBack says it was rolled back", () => {
    const rolling = run([provisionCommand(), event("RoutingFailed", failure())]).record;
    if (!rolling) throw new Error("no record");
    // A record stored before operations kept their failure.
    const { failure: _dropped, ...operation } = rolling.operation;
    const legacy: InstanceRecord = { ...rolling, operation };
    const { emits, record } = run([released.routing(), released.identity(), released.storage()], legacy);
    expect(record?.state).toBe("FAILED");
    expect(emits.at(-1)).toEqual({
      name: "InstanceRolledBack",
      data: {
        operationId: provisionCommand().operationId,
        code: "LEDGER.ROLLED_BACK",
        reason: "provisioning was rolled back",
      },
    });
  });

  it("given a rollback, when a Ready arrives before its release stage, then the state stays ROLLING_BACK", () => {
    const failed = run([provisionCommand(), ready.identity(), event("RoutingFailed", failure())]);
    const late = run([ready.storage()], failed.record);
    expect(late.emits).toEqual([]);
    expect(late.record?.state).toBe("ROLLING_BACK");
    expect(late.record?.operation.status).toBe(failed.record?.operation.status);
    expect(late.record?.resources).toEqual({ ...failed.record?.resources, storage: "ready" });
    expect(late.record?.outputs).toEqual(failed.record?.outputs);
  });

  it("given a resource being released by the rollback, when its Ready arrives, then its release is asked again", () => {
    const failed = run([provisionCommand(), ready.identity(), event("RoutingFailed", failure())]);
    expect(failed.record?.resources.routing).toBe("releasing");
    const late = run([ready.routing()], failed.record);
    expect(late.emits).toEqual([
      {
        name: "ReleaseRequested",
        data: {
          operationId: provisionCommand().operationId,
          service: "routing",
          reason: "rollback",
          archive: false,
        },
      },
    ]);
    expect(late.record?.resources.routing).toBe("releasing");
    expect(late.record?.state).toBe("ROLLING_BACK");
  });

  it("given a rollback, when a resource already ready reports Ready again, then nothing changes", () => {
    const failed = run([provisionCommand(), event("RoutingFailed", failure()), ready.storage()]);
    const again = run([ready.storage()], failed.record);
    expect(again.record).toBe(failed.record);
    expect(names(again.emits)).toEqual([]);
  });
});
