import { describe, expect, it } from "vitest";
import {
  after,
  answersOf,
  computeRequested,
  effectOf,
  failed,
  initial,
  outputs,
  PROGRESS_KEPT_FOR_TESTS,
  request,
  settle,
  succeeded,
} from "../testing/computeScenario.ts";
import { decideCompute } from "./computeDecider.ts";
import type { ComputeEffect } from "./computeEffect.ts";
import { evolveCompute } from "./evolveCompute.ts";

const OP = "11111111-1111-4111-8111-111111111111";
const OTHER = "22222222-2222-4222-8222-222222222222";
const provisioned = () => settle(initial, computeRequested()).state;
const image = { version: "6.5.0", image: "wordpress:6.5.0" };
const updateImage = (operationId = OP) => request("ImageUpdateRequested", { operationId, wordpress: image });
const scale = (desiredCount: number, size?: "large" | "small", operationId = OP) =>
  request("ScaleRequested", { operationId, desiredCount, ...(size ? { size } : {}) });

describe("compute decider: suspend, resume, restart", () => {
  it("suspends with a count of 0, keeps the count it ran with, and resume restores it", () => {
    const suspend = settle(provisioned(), request("SuspendRequested", { operationId: OP }));
    expect(suspend.effects).toEqual(["setDesiredCount"]);
    expect(effectOf(decideCompute(provisioned(), request("SuspendRequested", { operationId: OP })))).toEqual({
      kind: "setDesiredCount",
      step: `SuspendRequested:${OP}`,
      desiredCount: 0,
      currentCount: 1,
    });
    expect(suspend.state).toMatchObject({ suspended: true, desiredCount: 1 });
    expect(suspend.verdict).toMatchObject({
      emit: [{ type: "OperationStepCompleted", data: { operation: "suspend", compute: outputs(1) } }],
    });
    const resume = request("ResumeRequested", { operationId: OTHER });
    expect(effectOf(decideCompute(suspend.state, resume))).toMatchObject({
      desiredCount: 1,
      currentCount: 0,
    });
    expect(settle(suspend.state, resume).state).toMatchObject({ suspended: false, desiredCount: 1 });
  });

  it("keeps a scaled count across suspend and resume", () => {
    const state = after(provisioned(), scale(4), request("SuspendRequested", { operationId: OTHER }));
    expect(state).toMatchObject({ suspended: true, desiredCount: 4 });
    const resume = request("ResumeRequested", { operationId: "33333333-3333-4333-8333-333333333333" });
    expect(effectOf(decideCompute(state, resume))).toMatchObject({ desiredCount: 4 });
  });

  it("answers a request once per operation: a redelivery with a new event id runs nothing", () => {
    const first = settle(provisioned(), request("SuspendRequested", { operationId: OP }));
    const again = settle(first.state, request("SuspendRequested", { operationId: OP }), () => {
      throw new Error("no effect expected");
    });
    expect(again.effects).toEqual([]);
    expect(again.verdict).toEqual(first.verdict);
  });

  it("treats a restore's suspend and resume (one operationId) as two steps", () => {
    const suspended = settle(
      provisioned(),
      request("SuspendRequested", { operationId: OP, operation: "restore" }),
    );
    const resumed = settle(
      suspended.state,
      request("ResumeRequested", { operationId: OP, operation: "restore" }),
    );
    expect([...suspended.effects, ...resumed.effects]).toEqual(["setDesiredCount", "setDesiredCount"]);
    expect(resumed.verdict).toMatchObject({
      emit: [{ data: { operation: "restore", answers: "ResumeRequested" } }],
    });
  });

  it("restarts the same revision with fresh tasks", () => {
    const { effects, verdict } = settle(provisioned(), request("RestartRequested", { operationId: OP }));
    expect(effects).toEqual(["restartService"]);
    expect(verdict).toMatchObject({ emit: [{ data: { operation: "restart", compute: outputs(1) } }] });
  });

  it("given a credentials rotation's restart, then fresh tasks and an answer that names the rotation", () => {
    const restart = request("RestartRequested", { operationId: OP, operation: "rotateCredentials" });
    const { effects, verdict } = settle(provisioned(), restart);
    // The old tasks still use the old password: the answer waits until they are replaced.
    expect(effects).toEqual(["restartService", "awaitRollout"]);
    expect(effectOf(decideCompute(provisioned(), restart))).toEqual({
      kind: "restartService",
      step: `RestartRequested:${OP}`,
      desiredCount: 1,
      credentialsSecretRef: computeRequested().detail.data.storage.credentialsSecretRef,
      thenAwaitRollout: true,
    });
    expect(verdict).toMatchObject({
      emit: [
        {
          type: "OperationStepCompleted",
          data: { operation: "rotateCredentials", answers: "RestartRequested", compute: outputs(1) },
        },
      ],
    });
  });

  it("given a failed step, then OperationStepFailed with its failure, the state unchanged", () => {
    const { state, verdict } = settle(
      provisioned(),
      request("SuspendRequested", { operationId: OP }),
      (effect) => failed(effect, "COMPUTE.SERVICE_NOT_FOUND"),
    );
    expect(verdict).toMatchObject({
      emit: [{ type: "OperationStepFailed", data: { code: "COMPUTE.SERVICE_NOT_FOUND", retryable: false } }],
    });
    expect(state.suspended).toBe(false);
  });

  it("refuses a lifecycle step on an instance it never provisioned, without an effect", () => {
    const verdict = decideCompute(initial, request("RestartRequested", { operationId: OP }));
    expect(verdict).not.toHaveProperty("run");
    expect(verdict).toMatchObject({
      emit: [{ type: "OperationStepFailed", data: { code: "COMPUTE.NOT_PROVISIONED", retryable: false } }],
    });
  });

  it("keeps the progress of the last few operations only", () => {
    let state = provisioned();
    for (let index = 0; index < PROGRESS_KEPT_FOR_TESTS + 3; index++) {
      const operationId = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
      state = settle(state, request("RestartRequested", { operationId })).state;
    }
    expect(Object.keys(state.progress)).toHaveLength(PROGRESS_KEPT_FOR_TESTS);
  });
});

describe("compute decider: scale and image updates roll out a revision", () => {
  it("changes only the count without a size: one setDesiredCount from the count it runs", () => {
    const verdict = decideCompute(provisioned(), scale(5));
    expect(effectOf(verdict)).toMatchObject({ kind: "setDesiredCount", desiredCount: 5, currentCount: 1 });
    expect(settle(provisioned(), scale(5)).state.desiredCount).toBe(5);
  });

  it("registers a revision for a new image, deploys it, waits for the rollout, and answers its ref", () => {
    const { effects, state, verdict } = settle(provisioned(), updateImage(), stepsOn(2));
    expect(effects).toEqual(["registerRevision", "deployRevision", "awaitRollout"]);
    expect(state.request?.spec.wordpress).toEqual(image);
    expect(state).toMatchObject({ revisionRef: "wp-acme-dev:2", deployedRef: "wp-acme-dev:2" });
    expect(state).not.toHaveProperty("previous");
    expect(verdict).toMatchObject({ emit: [{ data: { compute: outputs(1, 2) } }] });
  });

  it("keeps the revision when the size is the one it has: the count alone", () => {
    expect(settle(provisioned(), scale(3, "small")).effects).toEqual(["setDesiredCount"]);
    expect(settle(provisioned(), scale(3, "large"), stepsOn(2)).effects).toEqual([
      "registerRevision",
      "deployRevision",
      "awaitRollout",
    ]);
  });

  it("after a rollout the circuit breaker rolled back, follows the service back to the revision it runs", () => {
    const rolledBack = settle(provisioned(), updateImage(), (effect) =>
      effect.kind === "awaitRollout" ? failed(effect, "COMPUTE.DEPLOYMENT_FAILED") : stepsOn(2)(effect),
    );
    expect(answersOf(rolledBack.verdict)).toEqual(["OperationStepFailed"]);
    const { state } = rolledBack;
    expect(state).toMatchObject({ revisionRef: "wp-acme-dev:1", deployedRef: "wp-acme-dev:1" });
    expect(state.request?.spec.wordpress).not.toEqual(image);
    // What comes next builds on what runs: the count alone, then a size on the old image.
    expect(settle(state, scale(3, undefined, OTHER)).effects).toEqual(["setDesiredCount"]);
    const resized = effectOf(decideCompute(state, scale(3, "large", OTHER)));
    expect(resized.kind === "registerRevision" && resized.request.spec.wordpress).not.toEqual(image);
  });

  it("after a deployment that failed, the next change hands its revision over again", () => {
    const failedDeploy = settle(provisioned(), scale(3, "large"), (effect) =>
      effect.kind === "deployRevision" ? failed(effect, "COMPUTE.QUOTA_EXHAUSTED") : stepsOn(2)(effect),
    );
    expect(failedDeploy.state).not.toHaveProperty("deployedRef");
    const undo = settle(failedDeploy.state, scale(2, "small", OTHER), stepsOn(3));
    expect(undo.effects).toEqual(["registerRevision", "deployRevision", "awaitRollout"]);
    expect(undo.state).toMatchObject({ deployedRef: "wp-acme-dev:3", desiredCount: 2 });
  });

  it("waits for a rollout still in progress across redeliveries without deploying again", () => {
    // The executor folds the steps up to the wait; a retryable failure there is rethrown, not folded.
    let state = provisioned();
    for (let run = effectOf(decideCompute(state, updateImage())); run.kind !== "awaitRollout"; ) {
      state = evolveCompute(state, stepsOn(2)(run));
      run = effectOf(decideCompute(state, updateImage()));
    }
    expect(state.deployedRef).toBe("wp-acme-dev:2");
    expect(effectOf(decideCompute(state, updateImage()))).toMatchObject({ kind: "awaitRollout" });
  });
});

/** A healthy cloud whose next registered revision is `wp-acme-dev:{revision}`. */
function stepsOn(revision: number) {
  return (effect: ComputeEffect) =>
    succeeded(effect, effect.kind === "registerRevision" ? `wp-acme-dev:${revision}` : undefined);
}
