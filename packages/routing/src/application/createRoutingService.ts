import type { DomainEvent } from "@bbws/contracts";
import {
  createDeciderHandler,
  type DeliveryContext,
  type EventPublisher,
  type Logger,
  type ServiceDecider,
  type ServiceJournal,
} from "@bbws/mesh";
import { routingDecider } from "../domain/routingDecider.ts";
import type { RoutingEffect, RoutingState } from "../domain/routingState.ts";
import type { RoutingProvider } from "../ports.ts";
import { runRoutingEffect } from "./runRoutingEffect.ts";

export interface RoutingServiceDeps {
  readonly provider: RoutingProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
  /** Routing's state and inbox per instance: a handled or stale request has no second effect. */
  readonly journal: ServiceJournal;
  /** How long a delivery owns a request it started: at least the consumer's timeout. */
  readonly leaseMs: number;
  readonly logger: Logger;
}

const decider: ServiceDecider<RoutingState, RoutingEffect> = routingDecider;

/**
 * Reacts to InstanceRequested, ReleaseRequested(routing), SuspendRequested and ResumeRequested:
 * the decider (domain/decideRouting.ts) picks each step, the shared executor runs it.
 */
export function createRoutingService(
  deps: RoutingServiceDeps,
): (event: DomainEvent, delivery: DeliveryContext) => Promise<void> {
  return createDeciderHandler({
    decider,
    runEffect: (effect, instance) => runRoutingEffect(deps.provider, effect, instance),
    journal: deps.journal,
    publisher: deps.publisher,
    context: { producer: "routing", clock: deps.clock, newId: deps.newId },
    maxReceiveCount: deps.maxReceiveCount,
    leaseMs: deps.leaseMs,
    logger: deps.logger,
  });
}
