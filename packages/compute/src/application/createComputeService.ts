import type { DomainEvent, InstanceRef } from "@bbws/contracts";
import {
  createDeciderHandler,
  type DeliveryContext,
  type EventPublisher,
  type Logger,
  type ServiceJournal,
} from "@bbws/mesh";
import type { ComputeEffect } from "../domain/computeEffect.ts";
import type { ComputeProvider } from "../ports.ts";
import { computeDecider } from "./computeDecider.ts";

export interface ComputeServiceDeps {
  readonly provider: ComputeProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
  /** Compute's state per instance and its inbox: a handled or replayed event has no second effect. */
  readonly journal: ServiceJournal;
  /** How long a delivery owns a request it started: at least the consumer's timeout. */
  readonly leaseMs: number;
  readonly logger: Logger;
}

/**
 * Reacts to ComputeRequested, ReleaseRequested(compute) and the lifecycle requests: the shared
 * executor asks the decider what to do and runs each effect through the port.
 */
export function createComputeService(
  deps: ComputeServiceDeps,
): (event: DomainEvent, delivery: DeliveryContext) => Promise<void> {
  return createDeciderHandler({
    decider: computeDecider,
    runEffect: (effect, instance) => runComputeEffect(deps.provider, effect, instance),
    journal: deps.journal,
    publisher: deps.publisher,
    context: { producer: "compute", clock: deps.clock, newId: deps.newId },
    maxReceiveCount: deps.maxReceiveCount,
    leaseMs: deps.leaseMs,
    logger: deps.logger,
  });
}

/** One effect, one port call; the value is what the decider's `succeeded` fact carries. */
export function runComputeEffect(
  provider: ComputeProvider,
  effect: ComputeEffect,
  instance: InstanceRef,
): Promise<unknown> {
  switch (effect.kind) {
    case "ensure":
      return provider.ensureCompute(instance, effect.request);
    case "checkHealth":
      return provider.checkHealth(instance);
    case "release":
      return provider.releaseCompute(instance);
    case "suspend":
      return provider.suspend(instance);
    case "resume":
      return provider.resume(instance, { desiredCount: effect.desiredCount });
    case "scale":
      return provider.scale(
        instance,
        effect.size
          ? { desiredCount: effect.desiredCount, size: effect.size }
          : { desiredCount: effect.desiredCount },
      );
    case "updateImage":
      return provider.updateImage(instance, effect.wordpress);
    case "restart":
      return provider.restart(instance);
    default:
      return unknownEffect(effect);
  }
}

function unknownEffect(effect: never): never {
  throw new Error(`unknown compute effect ${JSON.stringify(effect)}`);
}
