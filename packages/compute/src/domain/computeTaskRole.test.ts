import { describe, expect, it } from "vitest";
import {
  after,
  answersOf,
  cloud,
  computeRequest,
  computeRequested,
  effectOf,
  failed,
  given,
  initial,
  PROVISION_OP,
  releaseRequested,
  request,
  settle,
  succeeded,
  TASK_ROLE,
} from "../testing/computeScenario.ts";
import { decideCompute } from "./computeDecider.ts";
import type { ComputeEffect } from "./computeEffect.ts";
import type { ComputeState } from "./computeState.ts";
import { evolveCompute } from "./evolveCompute.ts";

const SCALE_OP = "11111111-1111-4111-8111-111111111111";
const DEPROVISION_OP = "33333333-3333-4333-8333-333333333333";
const step = `ComputeRequested:${PROVISION_OP}`;
const release = `ReleaseRequested:${DEPROVISION_OP}`;
const provisioned = () => settle(initial, computeRequested()).state;

/** An instance provisioned before tenants had a role of their own: no taskRoleRef in its journal. */
function provisionedWithoutRole(): ComputeState {
  const { taskRoleRef: _none, ...rest } = provisioned();
  return rest;
}

describe("compute decider: the tenant's own task role", () => {
  it("given nothing, when ComputeRequested, then the role comes first, made from the request", () => {
    expect(effectOf(decideCompute(initial, computeRequested()))).toEqual({
      kind: "createTaskRole",
      step,
      request: computeRequest,
    });
  });

  it("given the role was made, then its reference is kept and the log group comes next", () => {
    const state = given(succeeded({ kind: "createTaskRole", step, request: computeRequest }, TASK_ROLE));
    expect(state.taskRoleRef).toBe(TASK_ROLE);
    expect(effectOf(decideCompute(state, computeRequested()))).toEqual({ kind: "prepareLogs", step });
  });

  it("given the role quota is full, then ComputeFailed with QUOTA_EXHAUSTED and nothing else was made", () => {
    const { effects, verdict, state } = settle(initial, computeRequested(), (effect) =>
      failed(effect, "COMPUTE.QUOTA_EXHAUSTED"),
    );
    expect(effects).toEqual(["createTaskRole"]);
    expect(verdict).toMatchObject({
      kind: "decide",
      emit: [{ type: "ComputeFailed", data: { code: "COMPUTE.QUOTA_EXHAUSTED", retryable: false } }],
    });
    expect(verdict).not.toHaveProperty("run");
    expect(state.taskRoleRef).toBeUndefined();
  });

  it("given a provisioned instance, a second ComputeRequested does not make the role again", () => {
    const other = "44444444-4444-4444-8444-444444444444";
    expect(settle(provisioned(), computeRequested(other)).effects).toEqual(["checkHealth"]);
  });
});

describe("compute decider: an instance from before per-tenant roles", () => {
  it("given no role, when a size change needs a revision, then the role is made first, then the rollout", () => {
    const scale = request("ScaleRequested", { operationId: SCALE_OP, desiredCount: 2, size: "large" });
    const first = effectOf(decideCompute(provisionedWithoutRole(), scale));
    expect(first).toMatchObject({ kind: "createTaskRole", step: `ScaleRequested:${SCALE_OP}` });
    expect(first).toMatchObject({ request: { spec: { size: "large", desiredCount: 2 } } });
    const healthy = cloud();
    const secondRevision = (effect: ComputeEffect) =>
      effect.kind === "registerRevision" ? succeeded(effect, "wp-acme-dev:2") : healthy(effect);
    const { effects, state } = settle(provisionedWithoutRole(), scale, secondRevision);
    expect(effects).toEqual(["createTaskRole", "registerRevision", "deployRevision", "awaitRollout"]);
    expect(state.taskRoleRef).toBe(TASK_ROLE);
  });

  it("given no role, a second ComputeRequested makes it and checks health", () => {
    const other = "44444444-4444-4444-8444-444444444444";
    expect(settle(provisionedWithoutRole(), computeRequested(other)).effects).toEqual([
      "createTaskRole",
      "checkHealth",
    ]);
  });

  it("given no role, a change of the count only needs none (no new revision)", () => {
    const scale = request("ScaleRequested", { operationId: SCALE_OP, desiredCount: 3 });
    expect(settle(provisionedWithoutRole(), scale).effects).toEqual(["setDesiredCount"]);
  });
});

describe("compute decider: the role goes last in a release", () => {
  it("given the revisions are deleted, then the instance is still open and the role is deleted next", () => {
    const state = given(
      succeeded({ kind: "findCompute", step: release }, { owned: true }),
      succeeded({ kind: "deleteService", step: release }, ["svc"]),
      succeeded({ kind: "deleteRevisions", step: release }, ["td:1"]),
    );
    expect(state.closed).toBe(false);
    expect(effectOf(decideCompute(state, releaseRequested(DEPROVISION_OP)))).toEqual({
      kind: "deleteTaskRole",
      step: release,
    });
  });

  it("given the role is deleted, then the instance is closed and the release names it", () => {
    const state = after(provisioned(), releaseRequested(DEPROVISION_OP));
    expect(state.closed).toBe(true);
    expect(state.taskRoleRef).toBeUndefined();
    expect(decideCompute(state, releaseRequested(DEPROVISION_OP))).toMatchObject({
      emit: [{ type: "ComputeReleased", data: { released: ["wp-acme-dev", "wp-acme-dev:1", TASK_ROLE] } }],
    });
  });

  it("given the role's deletion failed, then ComputeFailed and the instance stays open", () => {
    const state = given(
      succeeded({ kind: "findCompute", step: release }, { owned: true }),
      succeeded({ kind: "deleteService", step: release }, []),
      succeeded({ kind: "deleteRevisions", step: release }, []),
      failed({ kind: "deleteTaskRole", step: release }, "COMPUTE.RELEASE_INCOMPLETE"),
    );
    expect(state.closed).toBe(false);
    expect(answersOf(decideCompute(state, releaseRequested(DEPROVISION_OP)))).toEqual(["ComputeFailed"]);
  });

  it("given nothing was found, then the role's deletion answers nothing and still closes", () => {
    const state = evolveCompute(initial, succeeded({ kind: "deleteTaskRole", step: release }, []));
    expect(state).toMatchObject({ closed: true, progress: { [release]: { released: [] } } });
  });
});
