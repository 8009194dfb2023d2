import { type DomainEvent, instanceRefOf } from "@bbws/contracts";
import {
  answerStep,
  type DeliveryContext,
  type EventPublisher,
  type ReplyContext,
  reply,
  runStep,
} from "@bbws/mesh";
import type { RoutingProvider } from "../ports.ts";

export interface RoutingServiceDeps {
  readonly provider: RoutingProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
}

/** Reacts to InstanceRequested, ReleaseRequested(routing), SuspendRequested and ResumeRequested. */
export function createRoutingService(deps: RoutingServiceDeps) {
  const context: ReplyContext = { producer: "routing", clock: deps.clock, newId: deps.newId };
  const { provider } = deps;

  async function answer(event: DomainEvent, delivery: DeliveryContext): Promise<DomainEvent | null> {
    const instance = instanceRefOf(event);
    const policy = { ...delivery, maxReceiveCount: deps.maxReceiveCount, area: "routing" };
    switch (event["detail-type"]) {
      case "InstanceRequested": {
        const { operationId, spec } = event.detail.data;
        const outcome = await runStep(() => provider.ensureRoute(instance, spec), policy);
        return outcome.ok
          ? reply(event, "RoutingReady", { operationId, outputs: outcome.value }, context)
          : reply(event, "RoutingFailed", { operationId, ...outcome.failure }, context);
      }
      case "ReleaseRequested": {
        const { operationId, reason, service } = event.detail.data;
        if (service !== "routing") return null;
        const outcome = await runStep(() => provider.releaseRoute(instance), policy);
        return outcome.ok
          ? reply(event, "RoutingReleased", { operationId, reason, released: outcome.value }, context)
          : reply(event, "RoutingFailed", { operationId, ...outcome.failure }, context);
      }
      case "SuspendRequested": {
        const { operationId, operation } = event.detail.data;
        const outcome = await runStep(() => provider.suspendRoute(instance), policy);
        return answerStep({
          incoming: event,
          operationId,
          operation: operation ?? "suspend",
          service: "routing",
          outcome,
          context,
        });
      }
      case "ResumeRequested": {
        const { operationId, operation } = event.detail.data;
        const outcome = await runStep(() => provider.resumeRoute(instance), policy);
        return answerStep({
          incoming: event,
          operationId,
          operation: operation ?? "resume",
          service: "routing",
          outcome,
          context,
        });
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
