import { type DomainEvent, instanceRefOf } from "@bbws/contracts";
import { type DeliveryContext, type EventPublisher, type ReplyContext, reply, runStep } from "@bbws/mesh";
import type { IdentityProvider } from "../ports.ts";

export interface IdentityServiceDeps {
  readonly provider: IdentityProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
}

/** Reacts to InstanceRequested and ReleaseRequested(identity); answers Ready, Released or Failed. */
export function createIdentityService(deps: IdentityServiceDeps) {
  const context: ReplyContext = { producer: "identity", clock: deps.clock, newId: deps.newId };
  const { provider } = deps;

  async function answer(event: DomainEvent, delivery: DeliveryContext): Promise<DomainEvent | null> {
    const instance = instanceRefOf(event);
    const policy = { ...delivery, maxReceiveCount: deps.maxReceiveCount, area: "identity" };
    switch (event["detail-type"]) {
      case "InstanceRequested": {
        const { operationId, spec } = event.detail.data;
        const outcome = await runStep(() => provider.ensureIdentity(instance, spec), policy);
        return outcome.ok
          ? reply(event, "IdentityReady", { operationId, outputs: outcome.value }, context)
          : reply(event, "IdentityFailed", { operationId, ...outcome.failure }, context);
      }
      case "ReleaseRequested": {
        const { operationId, reason, service } = event.detail.data;
        if (service !== "identity") return null;
        const outcome = await runStep(() => provider.releaseIdentity(instance), policy);
        return outcome.ok
          ? reply(event, "IdentityReleased", { operationId, reason, released: outcome.value }, context)
          : reply(event, "IdentityFailed", { operationId, ...outcome.failure }, context);
      }
      default:
        return null;
    }
  }

  return async function handle(event: DomainEvent, delivery: DeliveryContext): Promise<void> {
    const answered = await answer(event, delivery);
    if (answered) await deps.publisher.publish([answered]);
  };
}
