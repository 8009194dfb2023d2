import { randomUUID } from "node:crypto";
import {
  createEvent,
  type DataOf,
  type DomainEvent,
  type EventName,
  type IdentityOutputs,
  type InstanceRef,
  type InstanceSpec,
  instanceRefOf,
} from "@bbws/contracts";
import { runIdentityEffect } from "../application/runIdentityEffect.ts";
import { decideIdentity, evolveIdentity } from "../domain/identityDecider.ts";
import { type IdentityAnswer, INITIAL_IDENTITY_STATE } from "../domain/identityState.ts";
import type { IdentityProvider } from "../ports.ts";

/** A request of the ledger about `instance`, with a fresh event id. */
export function requestFor<N extends EventName>(
  instance: InstanceRef,
  name: N,
  data: DataOf<N>,
): DomainEvent<N> {
  return createEvent({
    name,
    data,
    meta: {
      eventId: randomUUID(),
      occurredAt: "2026-11-22T10:00:00.000Z",
      correlationId: randomUUID(),
      causationId: null,
      ...instance,
    },
  });
}

/**
 * Provision or release through the identity decider's steps, in process and from an empty state
 * each call (as a delivery that finds no journal: only the adapter's records remember), throwing
 * what a step throws. Adapter tests use it to run a whole provision against mocks or cognito-local.
 */
export function driveIdentity(provider: IdentityProvider) {
  const run = runIdentityEffect(provider);

  async function answer(request: DomainEvent): Promise<IdentityAnswer> {
    const instance = instanceRefOf(request);
    let state = INITIAL_IDENTITY_STATE;
    for (;;) {
      const verdict = decideIdentity(state, request);
      if (verdict.kind !== "decide") throw new Error(`identity did not take ${request["detail-type"]}`);
      if (!verdict.run) {
        const [first] = verdict.emit ?? [];
        if (!first) throw new Error("identity answered nothing");
        return first;
      }
      const value = await run(verdict.run, instance);
      const fact = {
        kind: "succeeded",
        effect: verdict.run,
        value,
        request: request.detail.meta.eventId,
      } as const;
      state = evolveIdentity(state, fact);
    }
  }

  return {
    async ensureIdentity(instance: InstanceRef, spec: InstanceSpec): Promise<IdentityOutputs> {
      const answered = await answer(
        requestFor(instance, "InstanceRequested", { operationId: randomUUID(), spec }),
      );
      if (answered.type !== "IdentityReady") throw new Error(`expected IdentityReady, got ${answered.type}`);
      return answered.data.outputs;
    },
    async releaseIdentity(instance: InstanceRef): Promise<string[]> {
      const data = {
        operationId: randomUUID(),
        service: "identity",
        reason: "deprovision",
        archive: false,
      } as const;
      const answered = await answer(requestFor(instance, "ReleaseRequested", data));
      if (answered.type !== "IdentityReleased")
        throw new Error(`expected IdentityReleased, got ${answered.type}`);
      return answered.data.released;
    },
  };
}
