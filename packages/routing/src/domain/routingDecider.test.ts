import { describe, expect, it } from "vitest";
import {
  ADDRESS,
  given,
  handle,
  provision,
  release,
  resume,
  SLOT,
  SPEC,
  suspend,
} from "../testing/routingScenario.ts";
import { INITIAL_ROUTING_STATE } from "./routingState.ts";

const T1 = "2026-11-22T10:00:00.000Z";
const T2 = "2026-11-22T11:00:00.000Z";
const T3 = "2026-11-22T12:00:00.000Z";
const kinds = (effects: readonly { kind: string }[]) => effects.map((effect) => effect.kind);
const types = (answers: readonly { type: string }[]) => answers.map((answer) => answer.type);
const throttled = { code: "ROUTING.ELB_UNAVAILABLE", reason: "throttled", retryable: true };
const refused = { code: "ROUTING.DNS_REJECTED", reason: "changed by hand", retryable: false };
const OUTPUTS = { targetGroupRef: "tg-arn", listenerRuleRef: "rule-arn", ...ADDRESS };

describe("routing decider: provisioning", () => {
  it("when an instance is requested, then slot, target group, rule and address are made in order", () => {
    const request = provision();
    const { effects, answers, state } = handle(INITIAL_ROUTING_STATE, request);
    expect(effects).toEqual([
      { kind: "claimSlot" },
      { kind: "ensureTargetGroup" },
      { kind: "ensureRule", slot: SLOT, hostname: SPEC.hostname, targetGroupRef: "tg-arn" },
      { kind: "ensureAddress", slot: SLOT, hostname: SPEC.hostname },
    ]);
    const { operationId } = request.detail.data as { operationId: string };
    expect(answers).toEqual([{ type: "RoutingReady", data: { operationId, outputs: OUTPUTS } }]);
    expect(state.route).toEqual({
      slot: SLOT,
      targetGroupRef: "tg-arn",
      ruleRef: "rule-arn",
      address: ADDRESS,
    });
  });

  it("given a route, when another InstanceRequested arrives, then no effect and the same outputs", () => {
    const { effects, answers } = handle(given(provision()), provision());
    expect(effects).toEqual([]);
    expect(answers).toMatchObject([{ type: "RoutingReady", data: { outputs: OUTPUTS } }]);
  });

  it("when a step fails, then RoutingFailed; a later request goes on from the failed step", () => {
    const failed = handle(INITIAL_ROUTING_STATE, provision(), { ensureRule: throttled });
    expect(kinds(failed.effects)).toEqual(["claimSlot", "ensureTargetGroup", "ensureRule"]);
    expect(failed.answers).toMatchObject([{ type: "RoutingFailed", data: throttled }]);
    const retried = handle(failed.state, provision());
    expect(kinds(retried.effects)).toEqual(["ensureRule", "ensureAddress"]);
    expect(types(retried.answers)).toEqual(["RoutingReady"]);
  });
});

describe("routing decider: release", () => {
  it("when released, then address, rule, slot, target group go in that order and the instance closes", () => {
    const { effects, answers, state } = handle(given(provision()), release());
    expect(kinds(effects)).toEqual(["deleteAddress", "deleteRule", "freeSlot", "deleteTargetGroup"]);
    expect(answers).toMatchObject([
      { type: "RoutingReleased", data: { reason: "deprovision", released: ["dns", "rule-arn", "tg-arn"] } },
    ]);
    expect(state.route).toEqual({});
    expect(state.closed?.released).toEqual(["dns", "rule-arn", "tg-arn"]);
  });

  it("releases what the adapter's records hold even when the state knows of no route", () => {
    expect(kinds(handle(INITIAL_ROUTING_STATE, release()).effects)).toHaveLength(4);
  });

  it("given a released instance, then provisioning and lifecycle requests are ignored with no effect", () => {
    const closed = given(provision(), release());
    for (const request of [provision(), suspend(T3), resume(T3)]) {
      const { effects, answers, ignored } = handle(closed, request);
      expect({ effects, answers, ignored }).toEqual({
        effects: [],
        answers: [],
        ignored: "the instance's route was released",
      });
    }
  });

  it("given a released instance, a new release is answered with nothing released and no effect", () => {
    const { effects, answers } = handle(given(provision(), release()), release());
    expect(effects).toEqual([]);
    expect(answers).toMatchObject([{ type: "RoutingReleased", data: { released: [] } }]);
  });

  it("when a release step fails, then RoutingFailed, the instance stays open, and a new release starts over", () => {
    const failed = handle(given(provision()), release(), { deleteAddress: refused });
    expect(failed.answers).toMatchObject([{ type: "RoutingFailed", data: refused }]);
    expect(failed.state.closed).toBeUndefined();
    expect(kinds(handle(failed.state, release()).effects)).toEqual([
      "deleteAddress",
      "deleteRule",
      "freeSlot",
      "deleteTargetGroup",
    ]);
  });

  it("leaves a release meant for another service alone, and any event it does not handle", () => {
    expect(handle(given(provision()), release(undefined, "compute")).ignored).toBe("notMine");
  });
});

describe("routing decider: suspend and resume", () => {
  it("when suspended, then the maintenance page is served and the step is answered for its operation", () => {
    const request = suspend(T1);
    const { effects, answers, state } = handle(given(provision()), request);
    expect(kinds(effects)).toEqual(["serveMaintenance"]);
    const { operationId } = request.detail.data as { operationId: string };
    expect(answers).toEqual([
      {
        type: "OperationStepCompleted",
        data: { operationId, operation: "suspend", service: "routing", answers: "SuspendRequested" },
      },
    ]);
    expect(state.traffic).toBe("maintenance");
  });

  it("echoes the restore a suspend or resume belongs to", () => {
    const { answers } = handle(given(provision()), resume(T1, undefined, "restore"));
    expect(answers).toMatchObject([
      { type: "OperationStepCompleted", data: { operation: "restore", answers: "ResumeRequested" } },
    ]);
  });

  it("given a resume answered after a suspend, a late suspend sent before that resume changes nothing", () => {
    const state = given(provision(), suspend(T1), resume(T3));
    const late = handle(state, suspend(T2));
    expect(late.effects).toEqual([]);
    expect(late.answers).toEqual([]);
    expect(late.ignored).toMatch(
      /^stale: SuspendRequested of 2026-11-22T11:00:00.000Z is older than the Resu/,
    );
    expect(late.state.traffic).toBe("forwarding");
  });

  it("answers a lifecycle step once per operation: a second request for it has no effect", () => {
    const operationId = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
    const state = given(provision(), suspend(T1, operationId));
    const again = handle(state, suspend(T2, operationId));
    expect(again).toMatchObject({ effects: [], answers: [], ignored: expect.stringMatching(/was answered/) });
  });

  it("when the switch fails, then OperationStepFailed; the operation's next request tries again", () => {
    const operationId = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
    const failed = handle(given(provision()), suspend(T1, operationId), { serveMaintenance: refused });
    expect(failed.answers).toEqual([
      {
        type: "OperationStepFailed",
        data: {
          operationId,
          operation: "suspend",
          service: "routing",
          answers: "SuspendRequested",
          ...refused,
        },
      },
    ]);
    expect(failed.state.traffic).toBe("forwarding");
    expect(kinds(handle(failed.state, suspend(T2, operationId)).effects)).toEqual(["serveMaintenance"]);
  });

  it("lets a newer operation switch again: suspend, resume, suspend", () => {
    const state = given(provision(), suspend(T1), resume(T2));
    const { effects, state: after } = handle(state, suspend(T3));
    expect(kinds(effects)).toEqual(["serveMaintenance"]);
    expect(after.traffic).toBe("maintenance");
  });
});
