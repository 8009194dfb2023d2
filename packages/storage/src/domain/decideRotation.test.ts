import type { DomainEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import {
  did,
  failed,
  given,
  OPERATION,
  PROVISIONED,
  RELEASED,
  requests,
} from "../testing/storageScenario.ts";
import { evolveStorage } from "./evolveStorage.ts";
import { decideStorage } from "./storageDecider.ts";
import type { FailureDetails, RotationEffect, RotationStep, StorageState } from "./storageState.ts";

const UNDO_ID = "5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716";
const rotating = {
  operationId: OPERATION,
  operation: "rotateCredentials",
  service: "storage",
  answers: "CredentialsRotationRequested",
} as const;
const refused: FailureDetails = {
  code: "STORAGE.CREDENTIALS_INVALID",
  reason: "login refused",
  retryable: false,
};
const lost: FailureDetails = { code: "STORAGE.DATABASE_FAILED", reason: "connection lost", retryable: false };

const effect = (kind: RotationStep, phase: RotationEffect["phase"] = "switch", operationId = OPERATION) =>
  ({ kind, operationId, phase, rotationId: OPERATION }) as const;

/** Runs the decider as the executor does; `fails` names the steps that fail, with their failure. */
function walk(
  state: StorageState,
  request: DomainEvent,
  fails: Partial<Record<RotationStep, FailureDetails>> = {},
) {
  const effects: string[] = [];
  for (let current = state; ; ) {
    const verdict = decideStorage(current, request);
    if (verdict.kind !== "decide" || !verdict.run) return { effects, verdict, state: current };
    const run = verdict.run;
    effects.push(run.kind);
    const failure = fails[run.kind as RotationStep];
    current = evolveStorage(
      current,
      failure
        ? { kind: "failed", effect: run, failure, request: "now" }
        : { kind: "succeeded", effect: run, value: undefined, request: "now" },
    );
  }
}

const completed = { kind: "decide", emit: [{ type: "OperationStepCompleted", data: rotating }] };
const failedWith = (failure: FailureDetails) => ({
  kind: "decide",
  emit: [{ type: "OperationStepFailed", data: { ...rotating, ...failure } }],
});

describe("storage decider: credentials rotation (alternating users)", () => {
  it("given storage provisioned, when the switch is asked, then AWS's four steps in order, then completed", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.rotate("switch"));
    expect(effects).toEqual([
      "createPendingCredentials",
      "setPendingPassword",
      "testPendingCredentials",
      "promotePendingCredentials",
    ]);
    expect(verdict).toEqual(completed);
  });

  it("when a step is asked, then it names the operation, the phase and the rotation it belongs to", () => {
    expect(decideStorage(given(...PROVISIONED), requests.rotate("switch"))).toEqual({
      kind: "decide",
      run: effect("createPendingCredentials"),
    });
  });

  it("given the first two steps done (a redelivery after a crash), then it tests next and repeats nothing", () => {
    const state = given(
      ...PROVISIONED,
      did(effect("createPendingCredentials")),
      did(effect("setPendingPassword")),
    );
    expect(decideStorage(state, requests.rotate("switch"))).toEqual({
      kind: "decide",
      run: effect("testPendingCredentials"),
    });
  });

  it("given the switch done, when it is asked again, then the same answer with no effect", () => {
    const { state } = walk(given(...PROVISIONED), requests.rotate("switch"));
    expect(decideStorage(state, requests.rotate("switch"))).toEqual(completed);
  });

  it("given the new password refused at its test, then the old credentials go back and the new password is revoked", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.rotate("switch"), {
      testPendingCredentials: refused,
    });
    expect(effects).toEqual([
      "createPendingCredentials",
      "setPendingPassword",
      "testPendingCredentials",
      "restorePreviousCredentials",
      "revokePreviousCredentials",
    ]);
    expect(verdict).toEqual(
      failedWith({ ...refused, reason: "login refused; the old credentials are in use again" }),
    );
  });

  it("given the first step failed, then the failure as it is: nothing changed, nothing is put back", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.rotate("switch"), {
      createPendingCredentials: lost,
    });
    expect(effects).toEqual(["createPendingCredentials"]);
    expect(verdict).toEqual(failedWith(lost));
  });

  it("given putting the old credentials back fails too, then ROTATION_INCOMPLETE names both failures", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.rotate("switch"), {
      promotePendingCredentials: lost,
      restorePreviousCredentials: refused,
    });
    expect(effects.slice(-2)).toEqual(["promotePendingCredentials", "restorePreviousCredentials"]);
    expect(verdict).toEqual(
      failedWith({
        code: "STORAGE.ROTATION_INCOMPLETE",
        reason:
          "connection lost, and putting the old credentials back failed too (login refused): " +
          "both database users may work; run the rotation again once the cause is fixed",
        retryable: false,
      }),
    );
  });

  it("when the revoke is asked, then the old user's password is revoked and the answer says completed", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.rotate("revoke"));
    expect(effects).toEqual(["revokePreviousCredentials"]);
    expect(verdict).toEqual(completed);
  });

  it("given the revoke failed, then the failure as it is: nothing is put back (compute already serves on the new)", () => {
    const { effects, verdict } = walk(given(...PROVISIONED), requests.rotate("revoke"), {
      revokePreviousCredentials: lost,
    });
    expect(effects).toEqual(["revokePreviousCredentials"]);
    expect(verdict).toEqual(failedWith(lost));
  });

  it("when a rollBack of a rotation is asked, then the previous credentials return and the new password is revoked, for that rotation", () => {
    const request = requests.rotate("rollBack", UNDO_ID, OPERATION);
    expect(decideStorage(given(...PROVISIONED), request)).toEqual({
      kind: "decide",
      run: {
        kind: "restorePreviousCredentials",
        operationId: UNDO_ID,
        phase: "rollBack",
        rotationId: OPERATION,
      },
    });
    const { effects, verdict } = walk(given(...PROVISIONED), request);
    expect(effects).toEqual(["restorePreviousCredentials", "revokePreviousCredentials"]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...rotating, operationId: UNDO_ID } }],
    });
  });

  it("given the rollBack's revoke failed after the old credentials came back, then that failure as it is", () => {
    const { effects, verdict } = walk(
      given(...PROVISIONED),
      requests.rotate("rollBack", UNDO_ID, OPERATION),
      {
        revokePreviousCredentials: lost,
      },
    );
    expect(effects).toEqual(["restorePreviousCredentials", "revokePreviousCredentials"]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [{ type: "OperationStepFailed", data: { ...rotating, operationId: UNDO_ID, ...lost } }],
    });
  });

  it("keeps each phase's steps apart: a switch done does not count for the revoke of the same rotation", () => {
    const { state } = walk(given(...PROVISIONED), requests.rotate("switch"));
    expect(decideStorage(state, requests.rotate("revoke"))).toEqual({
      kind: "decide",
      run: effect("revokePreviousCredentials", "revoke"),
    });
    expect(
      decideStorage(
        given(...PROVISIONED, failed(effect("setPendingPassword"), lost)),
        requests.rotate("revoke"),
      ),
    ).toMatchObject({ run: { kind: "revokePreviousCredentials" } });
  });

  it("given storage released, when a rotation is asked (late or replayed), then it is acknowledged with no effect", () => {
    expect(decideStorage(given(...PROVISIONED, ...RELEASED), requests.rotate("switch"))).toEqual({
      kind: "ignore",
      reason: expect.stringContaining("released"),
    });
  });
});
