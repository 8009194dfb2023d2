import { describe, expect, it } from "vitest";
import {
  answersOf,
  computeRequest,
  computeRequested,
  effectOf,
  failed,
  given,
  outputs,
  PROVISION_OP,
  releaseRequested,
  request,
  settle,
  succeeded,
} from "../testing/computeScenario.ts";
import { CLOSED_REASON, decideCompute, stepKey } from "./computeDecider.ts";
import type { ComputeEffect } from "./computeEffect.ts";
import { PROGRESS_KEPT } from "./computeState.ts";

const provisionStep = `ComputeRequested:${PROVISION_OP}`;
const ensure: ComputeEffect = { kind: "ensure", step: provisionStep, request: computeRequest };
const health: ComputeEffect = { kind: "checkHealth", step: provisionStep };
const healthy = { url: "https://acme.sites.bbws.example.com/", httpStatus: 200 };
const provisioned = (desiredCount = 2) => [
  succeeded({ ...ensure }, outputs(desiredCount)),
  succeeded(health, healthy),
];
const SUSPEND_OP = "11111111-1111-4111-8111-111111111111";
const RESUME_OP = "22222222-2222-4222-8222-222222222222";
const suspendRequested = (operation?: "restore") =>
  request("SuspendRequested", { operationId: SUSPEND_OP, ...(operation ? { operation } : {}) });
const resumeRequested = (operationId = RESUME_OP, operation?: "restore") =>
  request("ResumeRequested", { operationId, ...(operation ? { operation } : {}) });

describe("compute decider: provisioning", () => {
  it("given nothing, when ComputeRequested, then it ensures the service from the request", () => {
    expect(effectOf(decideCompute(given(), computeRequested()))).toEqual(ensure);
  });

  it("given the service ensured, then it announces ComputeReady and checks health", () => {
    const verdict = decideCompute(given(succeeded(ensure, outputs(2))), computeRequested());
    expect(verdict).toEqual({
      kind: "decide",
      emit: [{ type: "ComputeReady", data: { operationId: PROVISION_OP, outputs: outputs(2) } }],
      run: health,
    });
  });

  it("given health, then it answers ComputeReady and InstanceHealthy and runs nothing more", () => {
    const verdict = decideCompute(given(...provisioned()), computeRequested());
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        { type: "ComputeReady", data: { operationId: PROVISION_OP, outputs: outputs(2) } },
        { type: "InstanceHealthy", data: { operationId: PROVISION_OP, ...healthy } },
      ],
    });
  });

  it("given the ensure failed, then it answers ComputeFailed with the failure and runs nothing", () => {
    const verdict = decideCompute(given(failed(ensure, "COMPUTE.NAME_TAKEN")), computeRequested());
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        {
          type: "ComputeFailed",
          data: {
            operationId: PROVISION_OP,
            code: "COMPUTE.NAME_TAKEN",
            reason: "COMPUTE.NAME_TAKEN happened",
            retryable: false,
          },
        },
      ],
    });
  });

  it("given health never came (the last receive), then InstanceUnhealthy, not retryable", () => {
    const state = given(succeeded(ensure, outputs()), failed(health, "COMPUTE.HEALTH_CHECK_FAILED", true));
    const verdict = decideCompute(state, computeRequested());
    expect(answersOf(verdict)).toEqual(["ComputeReady", "InstanceUnhealthy"]);
    expect(verdict).toMatchObject({
      emit: [{}, { data: { code: "COMPUTE.HEALTH_CHECK_FAILED", retryable: false } }],
    });
  });

  it("given a provisioned instance, a duplicate ComputeRequested (new event id) has no effect, same answers", () => {
    const verdict = decideCompute(given(...provisioned()), computeRequested());
    expect(verdict).not.toHaveProperty("run");
    expect(answersOf(verdict)).toEqual(["ComputeReady", "InstanceHealthy"]);
  });

  it("ignores what is not for compute", () => {
    const forRouting = request("ReleaseRequested", {
      operationId: PROVISION_OP,
      service: "routing",
      reason: "rollback",
      archive: false,
    });
    expect(decideCompute(given(), forRouting)).toEqual({ kind: "notMine" });
    expect(
      decideCompute(
        given(),
        request("BackupRequested", { operationId: PROVISION_OP, backupId: PROVISION_OP }),
      ),
    ).toEqual({
      kind: "notMine",
    });
  });
});

describe("compute decider: release closes the instance", () => {
  const DEPROVISION_OP = "33333333-3333-4333-8333-333333333333";
  const release: ComputeEffect = { kind: "release", step: `ReleaseRequested:${DEPROVISION_OP}` };
  const released = () => given(...provisioned(), succeeded(release, ["wp-acme-dev"]));

  it("given a provisioned instance, when ReleaseRequested, then it releases and answers what went", () => {
    expect(effectOf(decideCompute(given(...provisioned()), releaseRequested(DEPROVISION_OP)))).toEqual(
      release,
    );
    expect(decideCompute(released(), releaseRequested(DEPROVISION_OP))).toEqual({
      kind: "decide",
      emit: [
        {
          type: "ComputeReleased",
          data: { operationId: DEPROVISION_OP, reason: "deprovision", released: ["wp-acme-dev"] },
        },
      ],
    });
    expect(released()).toMatchObject({ closed: true, suspended: false });
    expect(released()).not.toHaveProperty("outputs");
  });

  it("given a released instance, every later request is acknowledged with no effect", () => {
    const later = [
      computeRequested(),
      computeRequested("44444444-4444-4444-8444-444444444444"),
      suspendRequested(),
      resumeRequested(),
      request("ScaleRequested", { operationId: SUSPEND_OP, desiredCount: 3 }),
      request("RestartRequested", { operationId: SUSPEND_OP }),
      request("ImageUpdateRequested", { operationId: SUSPEND_OP, wordpress: computeRequest.spec.wordpress }),
    ];
    for (const event of later)
      expect(decideCompute(released(), event)).toEqual({ kind: "ignore", reason: CLOSED_REASON });
  });

  it("given a release by one operation, another operation's release answers with nothing removed", () => {
    const verdict = decideCompute(released(), releaseRequested("55555555-5555-4555-8555-555555555555"));
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        {
          type: "ComputeReleased",
          data: { operationId: "55555555-5555-4555-8555-555555555555", reason: "deprovision", released: [] },
        },
      ],
    });
  });

  it("releases an instance it never provisioned (a rollback before ComputeRequested)", () => {
    expect(effectOf(decideCompute(given(), releaseRequested(DEPROVISION_OP, "rollback")))).toEqual(release);
  });

  it("given a failed release, then ComputeFailed and the instance is not closed", () => {
    const state = given(...provisioned(), failed(release, "COMPUTE.RELEASE_INCOMPLETE", true));
    expect(answersOf(decideCompute(state, releaseRequested(DEPROVISION_OP)))).toEqual(["ComputeFailed"]);
    expect(state.closed).toBe(false);
    expect(effectOf(decideCompute(state, suspendRequested())).kind).toBe("suspend");
  });
});

describe("compute decider: lifecycle memory and answers", () => {
  const suspend: ComputeEffect = { kind: "suspend", step: `SuspendRequested:${SUSPEND_OP}` };

  it("remembers the count suspend reports and hands it to resume", () => {
    const state = given(...provisioned(2), succeeded(suspend, outputs(2)));
    expect(state).toMatchObject({ suspended: true, desiredCount: 2 });
    expect(effectOf(decideCompute(state, resumeRequested()))).toEqual({
      kind: "resume",
      step: `ResumeRequested:${RESUME_OP}`,
      desiredCount: 2,
    });
  });

  it("keeps a scaled count across suspend and resume", () => {
    const scale: ComputeEffect = { kind: "scale", step: `ScaleRequested:${RESUME_OP}`, desiredCount: 4 };
    const state = given(...provisioned(1), succeeded(scale, outputs(4)));
    const suspended = settle(state, suspendRequested(), (effect) => succeeded(effect, outputs(4)));
    expect(suspended.state).toMatchObject({ suspended: true, desiredCount: 4 });
    const resumed = settle(suspended.state, resumeRequested(), (effect) => succeeded(effect, outputs(4)));
    expect(resumed.state).toMatchObject({ suspended: false, desiredCount: 4 });
  });

  it("answers a lifecycle request once per operation: a redelivery with a new event id runs nothing", () => {
    const first = settle(given(...provisioned(2)), suspendRequested(), (effect) =>
      succeeded(effect, outputs(2)),
    );
    expect(first.effects).toEqual(["suspend"]);
    const again = settle(first.state, suspendRequested(), () => {
      throw new Error("no effect expected");
    });
    expect(again.effects).toEqual([]);
    expect(again.verdict).toEqual({
      kind: "decide",
      emit: [
        {
          type: "OperationStepCompleted",
          data: {
            operationId: SUSPEND_OP,
            operation: "suspend",
            service: "compute",
            answers: "SuspendRequested",
            compute: outputs(2),
          },
        },
      ],
    });
  });

  it("treats a restore's suspend and resume (one operationId) as two steps", () => {
    const restore = SUSPEND_OP;
    const port = (effect: ComputeEffect) => succeeded(effect, outputs(2));
    const suspended = settle(given(...provisioned(2)), suspendRequested("restore"), port);
    const resumed = settle(suspended.state, resumeRequested(restore, "restore"), port);
    expect([...suspended.effects, ...resumed.effects]).toEqual(["suspend", "resume"]);
    expect(resumed.verdict).toMatchObject({
      emit: [{ data: { operation: "restore", answers: "ResumeRequested" } }],
    });
    expect(stepKey(resumeRequested(restore), restore)).not.toBe(stepKey(suspendRequested(), restore));
  });

  it("given a failed step, then OperationStepFailed with its failure", () => {
    const state = given(...provisioned(), failed(suspend, "COMPUTE.SERVICE_NOT_FOUND"));
    expect(decideCompute(state, suspendRequested())).toEqual({
      kind: "decide",
      emit: [
        {
          type: "OperationStepFailed",
          data: {
            operationId: SUSPEND_OP,
            operation: "suspend",
            service: "compute",
            answers: "SuspendRequested",
            code: "COMPUTE.SERVICE_NOT_FOUND",
            reason: "COMPUTE.SERVICE_NOT_FOUND happened",
            retryable: false,
          },
        },
      ],
    });
    expect(state.suspended).toBe(false);
  });

  it("refuses a lifecycle step on an instance it never provisioned, without an effect", () => {
    const verdict = decideCompute(given(), request("RestartRequested", { operationId: SUSPEND_OP }));
    expect(verdict).not.toHaveProperty("run");
    expect(verdict).toMatchObject({
      emit: [{ type: "OperationStepFailed", data: { code: "COMPUTE.NOT_PROVISIONED", retryable: false } }],
    });
  });

  it("passes scale's count and size, restart and image updates through to the port", () => {
    const state = given(...provisioned());
    const wordpress = { version: "6.5.0", image: "wordpress:6.5.0" };
    const scale = request("ScaleRequested", { operationId: SUSPEND_OP, desiredCount: 3, size: "large" });
    expect(effectOf(decideCompute(state, scale))).toMatchObject({
      kind: "scale",
      desiredCount: 3,
      size: "large",
    });
    const plain = request("ScaleRequested", { operationId: SUSPEND_OP, desiredCount: 3 });
    expect(effectOf(decideCompute(state, plain))).not.toHaveProperty("size");
    const image = request("ImageUpdateRequested", { operationId: SUSPEND_OP, wordpress });
    expect(effectOf(decideCompute(state, image))).toMatchObject({ kind: "updateImage", wordpress });
    const restart = request("RestartRequested", { operationId: SUSPEND_OP });
    expect(effectOf(decideCompute(state, restart)).kind).toBe("restart");
  });

  it("keeps the progress of the last few operations only", () => {
    let state = given(...provisioned());
    for (let index = 0; index < PROGRESS_KEPT + 3; index++) {
      const operationId = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
      state = settle(state, request("RestartRequested", { operationId }), (effect) =>
        succeeded(effect, outputs(2)),
      ).state;
    }
    expect(Object.keys(state.progress)).toHaveLength(PROGRESS_KEPT);
    expect(Object.keys(state.progress).at(-1)).toBe(
      `RestartRequested:00000000-0000-4000-8000-${String(PROGRESS_KEPT + 2).padStart(12, "0")}`,
    );
  });
});
