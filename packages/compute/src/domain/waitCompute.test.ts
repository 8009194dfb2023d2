import { OPERATION_RULES, PENDING_WAITS } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import {
  after,
  computeRequest,
  computeRequested,
  effectOf,
  given,
  initial,
  PROVISION_OP,
  request,
  succeeded,
  TASK_ROLE,
} from "../testing/computeScenario.ts";
import { decideCompute } from "./computeDecider.ts";
import type { ComputeEffect } from "./computeEffect.ts";
import type { ComputeState } from "./computeState.ts";
import { evolveCompute } from "./evolveCompute.ts";
import { waitCompute } from "./waitCompute.ts";

const step = `ComputeRequested:${PROVISION_OP}`;
const awaitInstall: ComputeEffect = { kind: "awaitInstall", step, taskRef: "task/install-1" };
const checkHealth: ComputeEffect = {
  kind: "checkHealth",
  step,
  url: computeRequest.routing.url,
  targetGroupRef: computeRequest.routing.targetGroupRef,
};

/** The state right after the service was created: next, the install's end. Times are offsets from `start`. */
const serviceCreated = (): ComputeState =>
  given(
    succeeded({ kind: "createTaskRole", step, request: computeRequest }, TASK_ROLE),
    succeeded({ kind: "prepareLogs", step }, undefined),
    succeeded({ kind: "registerRevision", step, request: computeRequest }, "td:7"),
    succeeded(
      { kind: "startInstall", step, revisionRef: "td:7", attempt: 1, siteUrl: computeRequest.routing.url },
      "task/install-1",
    ),
    succeeded(
      {
        kind: "createService",
        step,
        revisionRef: "td:7",
        desiredCount: 1,
        targetGroupRef: computeRequest.routing.targetGroupRef,
      },
      "svc/acme",
    ),
  );
const start = Date.now();
const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
const look = (state: ComputeState, effect: ComputeEffect, seconds: number) =>
  waitCompute(state, {
    effect,
    request: "event-1",
    at: at(seconds),
    failure: {
      code: "COMPUTE.HEALTH_CHECK_FAILED",
      reason: "WordPress is not healthy yet: task RUNNING",
      retryable: true,
    },
  });

describe("compute decider: a pending step waits until its deadline", () => {
  it("given an install still running, when looked at within its deadline, then it waits (the same step again)", () => {
    const deadline = PENDING_WAITS.installTask.deadlineSeconds;
    let state = look(serviceCreated(), awaitInstall, 0);
    state = look(state, awaitInstall, deadline - 1);

    expect(state.progress[step]?.waiting).toEqual({ effect: "awaitInstall", since: at(0) });
    expect(state.progress[step]?.failure).toBeUndefined();
    expect(decideCompute(state, computeRequested())).toMatchObject({ kind: "decide", run: awaitInstall });
  });

  it("given an install still running at its deadline, then the instance is unhealthy with INSTALL_TIMED_OUT", () => {
    const deadline = PENDING_WAITS.installTask.deadlineSeconds;
    const state = look(look(serviceCreated(), awaitInstall, 0), awaitInstall, deadline);

    const verdict = decideCompute(state, computeRequested());
    expect(verdict.kind === "decide" && verdict.run).toBeFalsy();
    expect(verdict).toMatchObject({
      emit: [
        { type: "ComputeReady" },
        {
          type: "InstanceUnhealthy",
          data: { operationId: PROVISION_OP, code: "COMPUTE.INSTALL_TIMED_OUT", retryable: false },
        },
      ],
    });
  });

  it("measures the health check's wait from its own first look, not from the install's", () => {
    const deadline = PENDING_WAITS.serviceHealth.deadlineSeconds;
    const afterInstall = look(look(serviceCreated(), awaitInstall, 0), checkHealth, 200);
    expect(afterInstall.progress[step]?.waiting).toEqual({ effect: "checkHealth", since: at(200) });
    const stillWithin = look(afterInstall, checkHealth, 200 + deadline - 1);
    expect(stillWithin.progress[step]?.failure).toBeUndefined();
    const past = look(afterInstall, checkHealth, 200 + deadline);
    expect(past.progress[step]?.failure).toMatchObject({
      code: "COMPUTE.HEALTH_CHECK_FAILED",
      retryable: false,
    });
    expect(past.progress[step]?.failure?.reason).toContain(`after ${deadline} s`);
  });

  it("keeps both waits inside provisioning's deadline, so the ledger hears the answer first", () => {
    const waits = PENDING_WAITS.installTask.deadlineSeconds + PENDING_WAITS.serviceHealth.deadlineSeconds;
    expect(waits * 1000).toBeLessThan(OPERATION_RULES.provision.deadlineMs);
  });

  it("keeps the rollout's wait inside every operation that rolls out, with a minute for the steps before it", () => {
    const rollsOut = [OPERATION_RULES.scale, OPERATION_RULES.updateImage, OPERATION_RULES.rotateCredentials];
    const shortest = Math.min(...rollsOut.map((rule) => rule.deadlineMs));
    expect(shortest).toBe(OPERATION_RULES.scale.deadlineMs);
    expect((PENDING_WAITS.rollout.deadlineSeconds + 60) * 1000).toBeLessThanOrEqual(shortest);
  });
});

describe("compute decider: a rollout waits until its deadline", () => {
  const image = { version: "6.5.0", image: "wordpress:6.5.0" };
  const updateImage = (operationId: string) =>
    request("ImageUpdateRequested", { operationId, wordpress: image });
  const UPDATE_OP = "11111111-1111-4111-8111-111111111111";

  /** Provisioned, then the image update run on a healthy cloud up to its rollout: the state and that effect. */
  function rolling(): { state: ComputeState; awaitRollout: ComputeEffect } {
    let state = after(initial, computeRequested());
    for (;;) {
      const effect = effectOf(decideCompute(state, updateImage(UPDATE_OP)));
      if (effect.kind === "awaitRollout") return { state, awaitRollout: effect };
      state = evolveCompute(
        state,
        succeeded(effect, effect.kind === "registerRevision" ? "td:8" : undefined),
      );
    }
  }
  const lookAtRollout = (state: ComputeState, effect: ComputeEffect, seconds: number) =>
    waitCompute(state, {
      effect,
      request: "event-2",
      at: at(seconds),
      failure: { code: "COMPUTE.DEPLOYMENT_IN_PROGRESS", reason: "1/1 tasks running", retryable: true },
    });

  it("given a rollout still running within its deadline, then it waits (the same step again)", () => {
    const { state, awaitRollout } = rolling();
    const deadline = PENDING_WAITS.rollout.deadlineSeconds;
    const waiting = lookAtRollout(lookAtRollout(state, awaitRollout, 0), awaitRollout, deadline - 1);
    expect(decideCompute(waiting, updateImage(UPDATE_OP))).toMatchObject({ run: awaitRollout });
  });

  it("given a rollout still running at its deadline, then the step fails with ROLLOUT_TIMED_OUT and the next change deploys again", () => {
    const { state, awaitRollout } = rolling();
    const deadline = PENDING_WAITS.rollout.deadlineSeconds;
    expect(state.deployedRef).toBeDefined();
    const timedOut = lookAtRollout(lookAtRollout(state, awaitRollout, 0), awaitRollout, deadline);

    expect(decideCompute(timedOut, updateImage(UPDATE_OP))).toMatchObject({
      emit: [
        {
          type: "OperationStepFailed",
          data: { operation: "updateImage", code: "COMPUTE.ROLLOUT_TIMED_OUT", retryable: false },
        },
      ],
    });
    // What runs is unknown (ECS may still finish or roll back): the next change hands its revision over.
    expect(timedOut.deployedRef).toBeUndefined();
    const again = "22222222-2222-4222-8222-222222222222";
    expect(effectOf(decideCompute(timedOut, updateImage(again))).kind).toBe("deployRevision");
  });
});
