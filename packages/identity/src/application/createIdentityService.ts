import { createDeciderHandler, type ServiceDecider, type ServiceHandlerDeps } from "@bbws/mesh";
import { decideIdentity, evolveIdentity } from "../domain/identityDecider.ts";
import { type IdentityEffect, type IdentityState, INITIAL_IDENTITY_STATE } from "../domain/identityState.ts";
import type { IdentityProvider } from "../ports.ts";
import { runIdentityEffect } from "./runIdentityEffect.ts";

export interface IdentityServiceDeps extends ServiceHandlerDeps {
  readonly provider: IdentityProvider;
}

export const identityDecider: ServiceDecider<IdentityState, IdentityEffect> = {
  service: "identity",
  initialState: INITIAL_IDENTITY_STATE,
  decide: decideIdentity,
  evolve: evolveIdentity,
};

/** Reacts to InstanceRequested and ReleaseRequested(identity); answers Ready, Released or Failed. */
export function createIdentityService(deps: IdentityServiceDeps) {
  return createDeciderHandler({
    ...deps,
    decider: identityDecider,
    runEffect: runIdentityEffect(deps.provider),
  });
}
