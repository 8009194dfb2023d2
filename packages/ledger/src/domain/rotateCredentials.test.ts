import { CREDENTIAL_ROTATION_MS } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { activeInstance, stepDone, stepFailed } from "../testing/lifecycleSteps.ts";
import { command, event, names, run } from "../testing/scenario.ts";
import { credentialRotationDue } from "./credentialRotationDue.ts";
import type { InstanceRecord } from "./instance.ts";
import { undoOperationId } from "./undoOperationId.ts";

const rotationOf = () => command("rotateCredentials");
const answers = (request: string) => ({ answers: request });

describe("a credentials rotation (storage switch, compute restart, storage revoke)", () => {
  it("given ACTIVE, when rotateCredentials, then storage is asked to switch, and the instance stays ACTIVE", () => {
    const rotate = rotationOf();
    const { record, emits } = run([rotate], activeInstance());
    expect(emits).toEqual([
      { name: "CredentialsRotationRequested", data: { operationId: rotate.operationId, phase: "switch" } },
    ]);
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation).toMatchObject({ kind: "rotateCredentials", stage: 0, awaiting: ["storage"] });
  });

  it("given the switch done, then compute restarts for the rotation; given that, storage revokes; then CredentialsRotated", () => {
    const rotate = rotationOf();
    const id = rotate.operationId;
    const { record, emits } = run(
      [
        rotate,
        stepDone(id, "rotateCredentials", "storage", answers("CredentialsRotationRequested")),
        stepDone(id, "rotateCredentials", "compute", answers("RestartRequested")),
        stepDone(id, "rotateCredentials", "storage", answers("CredentialsRotationRequested")),
      ],
      activeInstance(),
    );
    expect(emits).toEqual([
      { name: "CredentialsRotationRequested", data: { operationId: id, phase: "switch" } },
      { name: "RestartRequested", data: { operationId: id, operation: "rotateCredentials" } },
      { name: "CredentialsRotationRequested", data: { operationId: id, phase: "revoke" } },
      { name: "CredentialsRotated", data: { operationId: id } },
    ]);
    expect(record?.state).toBe("ACTIVE");
    expect(record?.operation.status).toBe("COMPLETED");
    expect(record?.credentialsRotatedAt).toBe(record?.updatedAt);
  });

  it("given the switch failed (storage put the old credentials back itself), then FAILED with no undo", () => {
    const rotate = rotationOf();
    const { record, emits } = run(
      [rotate, stepFailed(rotate.operationId, "rotateCredentials", "storage", "login refused")],
      activeInstance(),
    );
    expect(names(emits)).toEqual(["CredentialsRotationRequested", "OperationFailed"]);
    expect(record).toMatchObject({ state: "ACTIVE", operation: { status: "FAILED" } });
    expect(record?.credentialsRotatedAt).toBeUndefined();
  });

  it("given compute could not restart, then storage is asked to roll the rotation back, and a confirmed rollBack fails it plainly", () => {
    const rotate = rotationOf();
    const id = rotate.operationId;
    const undoId = undoOperationId(id);
    const steps = [
      rotate,
      stepDone(id, "rotateCredentials", "storage", answers("CredentialsRotationRequested")),
      stepFailed(id, "rotateCredentials", "compute", "the new php does not serve"),
    ];
    const undoing = run(steps, activeInstance());
    expect(undoing.emits.at(-1)).toEqual({
      name: "CredentialsRotationRequested",
      data: { operationId: undoId, phase: "rollBack", rotationId: id },
    });
    expect(undoing.record?.operation).toMatchObject({ awaiting: ["storage"], undo: { operationId: undoId } });
    const { record, emits } = run(
      [stepDone(undoId, "rotateCredentials", "storage", answers("CredentialsRotationRequested"))],
      undoing.record,
    );
    expect(names(emits)).toEqual(["OperationFailed"]);
    expect(emits[0]?.data).toMatchObject({ code: "COMPUTE.BROKEN", reason: "the new php does not serve" });
    expect(record?.state).toBe("ACTIVE");
  });

  it("given the rollBack failed too, then INCONSISTENT, ACTIVE, with rotateCredentials as the repair", () => {
    const rotate = rotationOf();
    const id = rotate.operationId;
    const { record, emits } = run(
      [
        rotate,
        stepDone(id, "rotateCredentials", "storage", answers("CredentialsRotationRequested")),
        stepFailed(id, "rotateCredentials", "compute", "x"),
        event(
          "OperationStepFailed",
          {
            operationId: undoOperationId(id),
            operation: "rotateCredentials",
            service: "storage",
            answers: "CredentialsRotationRequested",
            code: "STORAGE.ROTATION_INCOMPLETE",
            reason: "y",
            retryable: false,
          },
          "storage",
        ),
      ],
      activeInstance(),
    );
    expect(names(emits).slice(-2)).toEqual(["OperationFailed", "InstanceInconsistent"]);
    expect(emits.at(-1)?.data).toMatchObject({ state: "ACTIVE", repair: "rotateCredentials" });
    expect(record?.state).toBe("ACTIVE");
  });

  it("given the revoke failed, then FAILED with no undo (the site already runs on the new credentials)", () => {
    const rotate = rotationOf();
    const id = rotate.operationId;
    const { record, emits } = run(
      [
        rotate,
        stepDone(id, "rotateCredentials", "storage", answers("CredentialsRotationRequested")),
        stepDone(id, "rotateCredentials", "compute", answers("RestartRequested")),
        stepFailed(id, "rotateCredentials", "storage", "revoke refused"),
      ],
      activeInstance(),
    );
    expect(names(emits).slice(-1)).toEqual(["OperationFailed"]);
    expect(record).toMatchObject({ state: "ACTIVE", operation: { status: "FAILED" } });
  });

  it("given SUSPENDED, when rotateCredentials, then it is refused with the operations allowed", () => {
    const instance = { ...activeInstance(), state: "SUSPENDED" } as InstanceRecord;
    const { last } = run([rotationOf()], instance);
    expect(last.rejection).toMatchObject({ code: "LEDGER.TRANSITION_FORBIDDEN" });
  });
});

describe("the credentials rotation schedule", () => {
  const base = (): InstanceRecord => ({ ...activeInstance(), operation: { ...activeInstance().operation } });
  const at = (record: InstanceRecord, msAfterCreation: number) =>
    new Date(Date.parse(record.createdAt) + msAfterCreation);

  it("is due CREDENTIAL_ROTATION_MS after creation, not a millisecond before", () => {
    const record = base();
    expect(credentialRotationDue(record, at(record, CREDENTIAL_ROTATION_MS - 1))).toBe(false);
    expect(credentialRotationDue(record, at(record, CREDENTIAL_ROTATION_MS))).toBe(true);
  });

  it("counts from the last rotation once there was one", () => {
    const record = base();
    const rotatedAt = at(record, CREDENTIAL_ROTATION_MS).toISOString();
    const rotated = { ...record, credentialsRotatedAt: rotatedAt };
    expect(credentialRotationDue(rotated, at(record, 2 * CREDENTIAL_ROTATION_MS - 1))).toBe(false);
    expect(credentialRotationDue(rotated, at(record, 2 * CREDENTIAL_ROTATION_MS))).toBe(true);
  });

  it("is never due while another operation runs or the instance is not ACTIVE", () => {
    const record = base();
    const later = at(record, 2 * CREDENTIAL_ROTATION_MS);
    const running = { ...record, operation: { ...record.operation, status: "IN_PROGRESS" as const } };
    expect(credentialRotationDue(running, later)).toBe(false);
    expect(credentialRotationDue({ ...record, state: "SUSPENDED" }, later)).toBe(false);
  });

  it("tries a failed rotation again a day after it failed, not on every sweep", () => {
    const record = base();
    const failedAt = at(record, CREDENTIAL_ROTATION_MS);
    const failed: InstanceRecord = {
      ...record,
      operation: {
        ...record.operation,
        kind: "rotateCredentials",
        status: "FAILED",
        finishedAt: failedAt.toISOString(),
      },
    };
    const day = 24 * 60 * 60 * 1000;
    expect(credentialRotationDue(failed, new Date(failedAt.getTime() + day - 1))).toBe(false);
    expect(credentialRotationDue(failed, new Date(failedAt.getTime() + day))).toBe(true);
  });

  it("waits a day only after a FAILED rotation: not after another failed operation, a completed rotation, or one with no end time", () => {
    const record = base();
    const due = at(record, CREDENTIAL_ROTATION_MS + 60 * 60 * 1000);
    const anHourAgo = at(record, CREDENTIAL_ROTATION_MS).toISOString();
    const ended = (
      kind: "scale" | "rotateCredentials",
      status: "FAILED" | "COMPLETED",
      finishedAt?: string,
    ) => ({
      ...record,
      operation: { ...record.operation, kind, status, ...(finishedAt ? { finishedAt } : {}) },
    });
    expect(credentialRotationDue(ended("scale", "FAILED", anHourAgo), due)).toBe(true);
    expect(credentialRotationDue(ended("rotateCredentials", "COMPLETED", anHourAgo), due)).toBe(true);
    expect(credentialRotationDue(ended("rotateCredentials", "FAILED"), due)).toBe(true);
    expect(credentialRotationDue(ended("rotateCredentials", "FAILED", anHourAgo), due)).toBe(false);
  });
});
