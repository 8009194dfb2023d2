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
    case "createTaskRole":
      return provider.createTaskRole(instance, effect.request);
    case "prepareLogs":
      return provider.prepareLogs(instance);
    case "registerRevision":
      return provider.registerRevision(instance, effect.request);
    case "startInstall":
      return provider.startInstall(instance, effect);
    case "awaitInstall":
      return provider.awaitInstall(instance, effect);
    case "createService":
      return provider.createService(instance, effect);
    case "deployRevision":
      return provider.deployRevision(instance, effect);
    case "awaitRollout":
      return provider.awaitRollout(instance, effect);
    case "setDesiredCount":
      return provider.setDesiredCount(instance, effect);
    case "restartService":
      return provider.restartService(instance, effect);
    case "checkHealth":
      return provider.checkHealth(instance, effect);
    case "findCompute":
      return provider.findCompute(instance);
    case "deleteService":
      return provider.deleteService(instance);
    case "deleteRevisions":
      return provider.deleteRevisions(instance);
    case "deleteTaskRole":
      return provider.deleteTaskRole(instance);
    default:
      return unknownEffect(effect);
  }
}

function unknownEffect(effect: never): never {
  throw new Error(`unknown compute effect ${JSON.stringify(effect)}`);
}
