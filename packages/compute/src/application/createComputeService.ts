import type { DomainEvent, InstanceRef } from "@bbws/contracts";
import { createDeciderHandler, type DeliveryContext, type ServiceHandlerDeps } from "@bbws/mesh";
import type { ComputeEffect } from "../domain/computeEffect.ts";
import type { ComputeProvider } from "../ports.ts";
import { computeDecider } from "./computeDecider.ts";

export interface ComputeServiceDeps extends ServiceHandlerDeps {
  readonly provider: ComputeProvider;
}

/**
 * Reacts to ComputeRequested, ReleaseRequested(compute) and the lifecycle requests: the shared
 * executor asks the decider what to do and runs each effect through the port.
 */
export function createComputeService(
  deps: ComputeServiceDeps,
): (event: DomainEvent, delivery: DeliveryContext) => Promise<void> {
  return createDeciderHandler({
    ...deps,
    decider: computeDecider,
    runEffect: (effect, instance) => runComputeEffect(deps.provider, effect, instance),
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
