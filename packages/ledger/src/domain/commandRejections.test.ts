import { describe, expect, it } from "vitest";
import { activeInstance } from "../testing/lifecycleSteps.ts";
import { command, names, provisionCommand, run } from "../testing/scenario.ts";

/** A refused command changes nothing and tells the operator why, and what the state allows. */
describe("a refused command says why", () => {
  it("given an instance, when it is provisioned again, then the refusal names it", () => {
    const { record, last } = run([
      provisionCommand(),
      { ...provisionCommand(), operationId: "1b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f" },
    ]);
    expect(last.emits).toEqual([]);
    expect(last.rejection).toEqual({
      code: "LEDGER.INSTANCE_EXISTS",
      message: `instance ${record?.instanceId} already exists`,
      allowed: [],
      instanceId: record?.instanceId,
    });
  });

  it("given a running suspend, when a restart is asked for, then the refusal names the operation to wait for", () => {
    const suspend = command("suspend");
    const { last } = run([suspend, command("restart")], activeInstance());
    expect(last.rejection).toMatchObject({
      code: "LEDGER.OPERATION_IN_PROGRESS",
      message: `operation ${suspend.operationId} (suspend) is still PENDING; wait for it to finish`,
      allowed: [],
    });
  });

  it("given an ACTIVE instance, when a resume is asked for, then the refusal names the state and what it allows", () => {
    const { last } = run([command("resume")], activeInstance());
    expect(last.rejection).toMatchObject({
      code: "LEDGER.TRANSITION_FORBIDDEN",
      message: "cannot resume an instance that is ACTIVE",
      allowed: [
        "suspend",
        "scale",
        "updateImage",
        "restart",
        "backup",
        "restore",
        "rotateCredentials",
        "deprovision",
      ],
    });
  });
});

describe("a new instance and a deprovisioning start as the saga needs", () => {
  it("given a provision, then identity, storage and routing are being created and compute waits", () => {
    const { record } = run([provisionCommand()]);
    expect(record?.resources).toEqual({
      identity: "creating",
      storage: "creating",
      routing: "creating",
      compute: "absent",
    });
    expect(record?.operation).toMatchObject({ stage: 0, awaiting: ["identity", "storage", "routing"] });
  });

  it("given a deprovision, then it awaits no lifecycle step and announces itself with its operationId", () => {
    const deprovision = command("deprovision");
    const { record, emits } = run([deprovision], activeInstance());
    expect(record?.operation.awaiting).toEqual([]);
    expect(names(emits)).toEqual(["DeprovisionStarted", "ReleaseRequested"]);
    expect(emits[0]?.data).toEqual({ operationId: deprovision.operationId });
  });
});
