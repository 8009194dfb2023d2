import { describe, expect, it } from "vitest";
import {
  after,
  answersOf,
  computeRequest,
  computeRequested,
  effectOf,
  failed,
  given,
  HEALTHY,
  initial,
  outputs,
  PROVISION_OP,
  releaseRequested,
  request,
  settle,
  succeeded,
  TASK_ROLE,
} from "../testing/computeScenario.ts";
import { CLOSED_REASON, decideCompute } from "./computeDecider.ts";

const SUSPEND_OP = "11111111-1111-4111-8111-111111111111";
const RESUME_OP = "22222222-2222-4222-8222-222222222222";
const DEPROVISION_OP = "33333333-3333-4333-8333-333333333333";
const step = `ComputeRequested:${PROVISION_OP}`;
const provisioned = () => settle(initial, computeRequested()).state;

describe("compute decider: provisioning, one cloud step at a time", () => {
  it("given nothing, when ComputeRequested, then task role, log group, revision, install, service, install's end, health", () => {
    const { effects, verdict } = settle(initial, computeRequested());
    expect(effects).toEqual([
      "createTaskRole",
      "prepareLogs",
      "registerRevision",
      "startInstall",
      "createService",
      "awaitInstall",
      "checkHealth",
    ]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        { type: "ComputeReady", data: { operationId: PROVISION_OP, outputs: outputs(1) } },
        { type: "InstanceHealthy", data: { operationId: PROVISION_OP, ...HEALTHY } },
      ],
    });
  });

  it("hands each step what the earlier ones answered", () => {
    const state = given(
      succeeded({ kind: "createTaskRole", step, request: computeRequest }, TASK_ROLE),
      succeeded({ kind: "prepareLogs", step }, undefined),
      succeeded({ kind: "registerRevision", step, request: computeRequest }, "td:7"),
    );
    expect(effectOf(decideCompute(state, computeRequested()))).toEqual({
      kind: "startInstall",
      step,
      revisionRef: "td:7",
      attempt: 1,
      siteUrl: computeRequest.routing.url,
    });
    const installing = given(
      succeeded({ kind: "createTaskRole", step, request: computeRequest }, TASK_ROLE),
      succeeded({ kind: "prepareLogs", step }, undefined),
      succeeded({ kind: "registerRevision", step, request: computeRequest }, "td:7"),
      succeeded({ kind: "startInstall", step, revisionRef: "td:7", attempt: 1, siteUrl: "" }, "task-1"),
    );
    const verdict = decideCompute(installing, computeRequested());
    expect(effectOf(verdict)).toEqual({
      kind: "createService",
      step,
      revisionRef: "td:7",
      desiredCount: computeRequest.spec.desiredCount,
      targetGroupRef: computeRequest.routing.targetGroupRef,
    });
    expect(answersOf(verdict)).toEqual([]);
  });

  it("announces ComputeReady once the service exists; an install that never ends is InstanceUnhealthy", () => {
    const { verdict } = settle(initial, computeRequested(), (effect) =>
      effect.kind === "awaitInstall"
        ? failed(effect, "COMPUTE.HEALTH_CHECK_FAILED", true)
        : succeeded(effect, answerOf(effect.kind)),
    );
    expect(answersOf(verdict)).toEqual(["ComputeReady", "InstanceUnhealthy"]);
    expect(verdict).toMatchObject({ emit: [{}, { data: { retryable: false } }] });
  });

  it("runs the next install attempt when the cloud forgot the task", () => {
    const answers = ["gone", "installed"];
    const { effects, state } = settle(initial, computeRequested(), (effect) =>
      succeeded(effect, effect.kind === "awaitInstall" ? answers.shift() : answerOf(effect.kind)),
    );
    expect(effects.slice(3)).toEqual([
      "startInstall",
      "createService",
      "awaitInstall",
      "startInstall",
      "awaitInstall",
      "checkHealth",
    ]);
    expect(state.install).toEqual({ attempt: 2, installed: true });
  });

  it("given a step failed before the service, then ComputeFailed and nothing more", () => {
    const state = given(
      succeeded({ kind: "prepareLogs", step }, undefined),
      failed({ kind: "registerRevision", step, request: computeRequest }, "COMPUTE.INVALID_REQUEST"),
    );
    expect(decideCompute(state, computeRequested())).toEqual({
      kind: "decide",
      emit: [
        {
          type: "ComputeFailed",
          data: {
            operationId: PROVISION_OP,
            code: "COMPUTE.INVALID_REQUEST",
            reason: "COMPUTE.INVALID_REQUEST happened",
            retryable: false,
          },
        },
      ],
    });
  });

  it("given a provisioned instance, a second ComputeRequested makes nothing again: it checks health and answers", () => {
    const other = "44444444-4444-4444-8444-444444444444";
    const { effects, verdict } = settle(provisioned(), computeRequested(other));
    expect(effects).toEqual(["checkHealth"]);
    expect(answersOf(verdict)).toEqual(["ComputeReady", "InstanceHealthy"]);
    expect(settle(provisioned(), computeRequested()).effects).toEqual([]);
  });

  it("ignores what is not for compute", () => {
    const forRouting = request("ReleaseRequested", {
      operationId: PROVISION_OP,
      service: "routing",
      reason: "rollback",
      archive: false,
    });
    expect(decideCompute(initial, forRouting)).toEqual({ kind: "notMine" });
    const backup = request("BackupRequested", { operationId: PROVISION_OP, backupId: PROVISION_OP });
    expect(decideCompute(initial, backup)).toEqual({ kind: "notMine" });
  });
});

describe("compute decider: release closes the instance", () => {
  const released = () => after(provisioned(), releaseRequested(DEPROVISION_OP));

  it("finds what is this instance's, deletes the service, then the revisions, and answers what went", () => {
    const { effects, verdict, state } = settle(provisioned(), releaseRequested(DEPROVISION_OP));
    expect(effects).toEqual(["findCompute", "deleteService", "deleteRevisions", "deleteTaskRole"]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        {
          type: "ComputeReleased",
          data: {
            operationId: DEPROVISION_OP,
            reason: "deprovision",
            released: ["wp-acme-dev", "wp-acme-dev:1", TASK_ROLE],
          },
        },
      ],
    });
    expect(state).toEqual({ closed: true, suspended: false, progress: state.progress });
  });

  it("deletes nothing when the names are another instance's, and closes", () => {
    const { effects, verdict } = settle(initial, releaseRequested(DEPROVISION_OP, "rollback"), (effect) =>
      succeeded(effect, { owned: false }),
    );
    expect(effects).toEqual(["findCompute"]);
    expect(verdict).toMatchObject({ emit: [{ type: "ComputeReleased", data: { released: [] } }] });
  });

  it("given a released instance, every later request is acknowledged with no effect", () => {
    const later = [
      computeRequested(),
      request("SuspendRequested", { operationId: SUSPEND_OP }),
      request("ResumeRequested", { operationId: RESUME_OP }),
      request("ScaleRequested", { operationId: SUSPEND_OP, desiredCount: 3 }),
      request("RestartRequested", { operationId: SUSPEND_OP }),
      request("ImageUpdateRequested", { operationId: SUSPEND_OP, wordpress: computeRequest.spec.wordpress }),
    ];
    for (const event of later)
      expect(decideCompute(released(), event)).toEqual({ kind: "ignore", reason: CLOSED_REASON });
  });

  it("given a release by one operation, another operation's release answers with nothing removed", () => {
    const verdict = decideCompute(released(), releaseRequested("55555555-5555-4555-8555-555555555555"));
    expect(verdict).toMatchObject({ emit: [{ type: "ComputeReleased", data: { released: [] } }] });
    expect(verdict).not.toHaveProperty("run");
  });

  it("given a failed delete, then ComputeFailed and the instance is not closed", () => {
    const release = `ReleaseRequested:${DEPROVISION_OP}`;
    const state = given(
      ...[succeeded({ kind: "findCompute", step: release }, { owned: true })],
      failed({ kind: "deleteRevisions", step: release }, "COMPUTE.RELEASE_INCOMPLETE", true),
    );
    expect(answersOf(decideCompute(state, releaseRequested(DEPROVISION_OP)))).toEqual(["ComputeFailed"]);
    expect(state.closed).toBe(false);
  });
});

function answerOf(kind: string): unknown {
  const values: Record<string, unknown> = {
    createTaskRole: TASK_ROLE,
    registerRevision: "wp-acme-dev:1",
    startInstall: "install-task",
    awaitInstall: "installed",
    createService: "wp-acme-dev",
    checkHealth: HEALTHY,
  };
  return values[kind];
}
