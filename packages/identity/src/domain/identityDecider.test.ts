import type { DomainEvent } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { requestFor } from "../testing/driveIdentity.ts";
import { sampleInstance } from "../testing/sampleInstance.ts";
import { decideIdentity, evolveIdentity } from "./identityDecider.ts";
import {
  type IdentityEffect,
  type IdentityEffectValues,
  type IdentityFact,
  type IdentityState,
  INITIAL_IDENTITY_STATE,
} from "./identityState.ts";

const { instance: INSTANCE, spec: SPEC } = sampleInstance({ tenantId: "acme" });
const OPERATION = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
const provision = () => requestFor(INSTANCE, "InstanceRequested", { operationId: OPERATION, spec: SPEC });
const release = (service: "identity" | "storage" = "identity") =>
  requestFor(INSTANCE, "ReleaseRequested", {
    operationId: OPERATION,
    service,
    reason: "deprovision",
    archive: false,
  });
const OUTPUTS = {
  userPoolId: "eu-west-1_Pool",
  appClientId: "client1",
  hostedDomain: "bbws-acme-dev.auth.eu-west-1.amazoncognito.com",
  clientSecretRef: "arn:secret",
};
const VALUES: { [K in IdentityEffect["kind"]]: IdentityEffectValues[K] } = {
  createUserPool: OUTPUTS.userPoolId,
  createAppClient: OUTPUTS.appClientId,
  createGroups: undefined,
  createDomain: OUTPUTS.hostedDomain,
  storeClientSecret: OUTPUTS.clientSecretRef,
  findIdentity: { recorded: true, userPoolId: OUTPUTS.userPoolId, appClientId: OUTPUTS.appClientId },
  deleteDomain: ["bbws-acme-dev"],
  deleteAppClient: ["bbws-acme-dev-wordpress"],
  deleteUserPool: ["bbws-acme-users"],
  deleteClientSecret: ["bbws/acme/dev/sso-client"],
  forgetIdentity: undefined,
};
const ok = (
  effect: IdentityEffect,
  request = "earlier",
  value: unknown = VALUES[effect.kind],
): IdentityFact => ({
  kind: "succeeded",
  effect,
  value,
  request,
});
const given = (...facts: IdentityFact[]): IdentityState =>
  facts.reduce(evolveIdentity, INITIAL_IDENTITY_STATE);

/** Runs a request to its answer as the executor would, every step succeeding with `values`. */
function handled(
  state: IdentityState,
  request: DomainEvent = provision(),
  values: Partial<typeof VALUES> = {},
) {
  const effects: string[] = [];
  // Bounded: a decider that never answers fails the test instead of hanging it.
  for (let step = 0; step < 20; step += 1) {
    const verdict = decideIdentity(state, request);
    if (verdict.kind !== "decide" || !verdict.run) return { verdict, effects, state };
    effects.push(verdict.run.kind);
    const value = verdict.run.kind in values ? values[verdict.run.kind] : VALUES[verdict.run.kind];
    state = evolveIdentity(state, ok(verdict.run, request.detail.meta.eventId, value));
  }
  throw new Error(`the decider never answered; it ran ${effects.join(", ")}`);
}

describe("identity decider: provisioning", () => {
  it("given nothing, when InstanceRequested, then pool, client, groups, domain, secret, then IdentityReady", () => {
    const { verdict, effects } = handled(INITIAL_IDENTITY_STATE);
    expect(effects).toEqual([
      "createUserPool",
      "createAppClient",
      "createGroups",
      "createDomain",
      "storeClientSecret",
    ]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [{ type: "IdentityReady", data: { operationId: OPERATION, outputs: OUTPUTS } }],
    });
  });

  it("passes each step what the earlier ones made, and the request's spec to the client", () => {
    const poolMade = given(ok({ kind: "createUserPool" }));
    expect(decideIdentity(poolMade, provision())).toEqual({
      kind: "decide",
      run: { kind: "createAppClient", userPoolId: OUTPUTS.userPoolId, spec: SPEC },
    });
    const clientMade = evolveIdentity(poolMade, ok({ kind: "createAppClient", userPoolId: "p", spec: SPEC }));
    const grouped = evolveIdentity(clientMade, ok({ kind: "createGroups", userPoolId: "p" }));
    const domained = evolveIdentity(grouped, ok({ kind: "createDomain", userPoolId: "p" }));
    expect(decideIdentity(domained, provision())).toEqual({
      kind: "decide",
      run: { kind: "storeClientSecret", userPoolId: OUTPUTS.userPoolId, appClientId: OUTPUTS.appClientId },
    });
  });

  it("given a provisioned instance, when the request comes again, then it is answered with no effect", () => {
    const { state } = handled(INITIAL_IDENTITY_STATE);
    const again = handled(state);
    expect(again.effects).toEqual([]);
    expect(again.verdict).toMatchObject({ kind: "decide", emit: [{ type: "IdentityReady" }] });
    expect(again.verdict).not.toHaveProperty("run");
  });

  it("given a failed step, then that request is answered IdentityFailed and nothing more runs for it", () => {
    const request = provision();
    const failure = { code: "IDENTITY.QUOTA_EXHAUSTED", reason: "1000 pools", retryable: false };
    const state = evolveIdentity(INITIAL_IDENTITY_STATE, {
      kind: "failed",
      effect: { kind: "createUserPool" },
      failure,
      request: request.detail.meta.eventId,
    });
    expect(decideIdentity(state, request)).toEqual({
      kind: "decide",
      emit: [{ type: "IdentityFailed", data: { operationId: OPERATION, ...failure } }],
    });
    // A later request of the instance is not answered with another request's failure.
    expect(decideIdentity(state, provision())).toEqual({ kind: "decide", run: { kind: "createUserPool" } });
  });

  it("ignores what is not for identity", () => {
    expect(decideIdentity(INITIAL_IDENTITY_STATE, release("storage"))).toEqual({ kind: "notMine" });
    const computeRequested = requestFor(INSTANCE, "SuspendRequested", { operationId: OPERATION });
    expect(decideIdentity(INITIAL_IDENTITY_STATE, computeRequested)).toEqual({ kind: "notMine" });
  });
});

describe("identity decider: release", () => {
  // Built inside each test, not while collecting: a broken decider must fail tests, not the file's load.
  const provisioned = () => handled(INITIAL_IDENTITY_STATE).state;

  it("given a provisioned instance, when released, then find, domain, client, pool, secret, records, in that order", () => {
    const request = release();
    const { verdict, effects, state } = handled(provisioned(), request);
    expect(effects).toEqual([
      "findIdentity",
      "deleteDomain",
      "deleteAppClient",
      "deleteUserPool",
      "deleteClientSecret",
      "forgetIdentity",
    ]);
    expect(verdict).toEqual({
      kind: "decide",
      emit: [
        {
          type: "IdentityReleased",
          data: {
            operationId: OPERATION,
            reason: "deprovision",
            released: [
              "bbws-acme-dev",
              "bbws-acme-dev-wordpress",
              "bbws-acme-users",
              "bbws/acme/dev/sso-client",
            ],
          },
        },
      ],
    });
    expect(state.release?.closedBy).toBe(request.detail.meta.eventId);
  });

  it("given a released instance, when InstanceRequested (late or replayed), then it is ignored: nothing re-created", () => {
    const { state } = handled(provisioned(), release());
    expect(decideIdentity(state, provision())).toEqual({
      kind: "ignore",
      reason: "the instance's identity was released",
    });
  });

  it("given a released instance, when another ReleaseRequested, then it is told nothing was left, with no effect", () => {
    const { state } = handled(provisioned(), release());
    const again = handled(state, release());
    expect(again.effects).toEqual([]);
    expect(again.verdict).toMatchObject({ emit: [{ type: "IdentityReleased", data: { released: [] } }] });
  });

  it("given nothing was ever recorded, then nothing is deleted (a newer instance's secret is safe)", () => {
    const { effects, verdict } = handled(INITIAL_IDENTITY_STATE, release(), {
      findIdentity: { recorded: false },
    });
    expect(effects).toEqual(["findIdentity"]);
    expect(verdict).toMatchObject({ emit: [{ type: "IdentityReleased", data: { released: [] } }] });
  });

  it("given a pool recorded but no client found, then the client delete is skipped, the rest runs", () => {
    const { effects } = handled(INITIAL_IDENTITY_STATE, release(), {
      findIdentity: { recorded: true, userPoolId: "p" },
    });
    expect(effects).toEqual([
      "findIdentity",
      "deleteDomain",
      "deleteUserPool",
      "deleteClientSecret",
      "forgetIdentity",
    ]);
  });

  it("given a release that began, then provisioning is ignored even before it finished", () => {
    const state = given(ok({ kind: "findIdentity" }));
    expect(decideIdentity(state, provision()).kind).toBe("ignore");
  });

  it("given a failed delete, then IdentityFailed; a later release resumes where it stopped", () => {
    const first = release();
    const failure = { code: "IDENTITY.THROTTLED", reason: "rate exceeded", retryable: true };
    const found = evolveIdentity(provisioned(), ok({ kind: "findIdentity" }, first.detail.meta.eventId));
    const domainGone = evolveIdentity(
      found,
      ok({ kind: "deleteDomain", userPoolId: "p" }, first.detail.meta.eventId),
    );
    const failed = evolveIdentity(domainGone, {
      kind: "failed",
      effect: { kind: "deleteAppClient", userPoolId: "p", appClientId: "c" },
      failure,
      request: first.detail.meta.eventId,
    });
    expect(decideIdentity(failed, first)).toEqual({
      kind: "decide",
      emit: [{ type: "IdentityFailed", data: { operationId: OPERATION, ...failure } }],
    });
    const second = handled(failed, release());
    expect(second.effects).toEqual([
      "deleteAppClient",
      "deleteUserPool",
      "deleteClientSecret",
      "forgetIdentity",
    ]);
    expect(second.verdict).toMatchObject({
      emit: [
        {
          type: "IdentityReleased",
          data: {
            released: [
              "bbws-acme-dev",
              "bbws-acme-dev-wordpress",
              "bbws-acme-users",
              "bbws/acme/dev/sso-client",
            ],
          },
        },
      ],
    });
  });
});
