import {
  createDeciderHandler,
  type EventPublisher,
  type Logger,
  type ServiceDecider,
  type ServiceJournal,
} from "@bbws/mesh";
import { decideIdentity, evolveIdentity } from "../domain/identityDecider.ts";
import { type IdentityEffect, type IdentityState, INITIAL_IDENTITY_STATE } from "../domain/identityState.ts";
import type { IdentityProvider } from "../ports.ts";
import { runIdentityEffect } from "./runIdentityEffect.ts";

export interface IdentityServiceDeps {
  readonly provider: IdentityProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
  /** Identity's state and inbox per instance (DynamoDB on AWS, files or memory locally). */
  readonly journal: ServiceJournal;
  /** How long a delivery owns a request it started: at least the consumer's timeout. */
  readonly leaseMs: number;
  readonly logger: Logger;
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
    decider: identityDecider,
    runEffect: runIdentityEffect(deps.provider),
    journal: deps.journal,
    publisher: deps.publisher,
    context: { producer: "identity", clock: deps.clock, newId: deps.newId },
    maxReceiveCount: deps.maxReceiveCount,
    leaseMs: deps.leaseMs,
    logger: deps.logger,
  });
}
