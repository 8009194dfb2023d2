import type { DomainEvent } from "@bbws/contracts";
import {
  createDeciderHandler,
  type DeliveryContext,
  type ServiceDecider,
  type ServiceHandlerDeps,
} from "@bbws/mesh";
import { routingDecider } from "../domain/routingDecider.ts";
import type { RoutingEffect, RoutingState } from "../domain/routingState.ts";
import type { RoutingProvider } from "../ports.ts";
import { runRoutingEffect } from "./runRoutingEffect.ts";

export interface RoutingServiceDeps extends ServiceHandlerDeps {
  readonly provider: RoutingProvider;
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
    ...deps,
    decider,
    runEffect: (effect, instance) => runRoutingEffect(deps.provider, effect, instance),
  });
}
