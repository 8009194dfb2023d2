import type { InstanceRef } from "@bbws/contracts";
import type { RoutingEffect } from "../domain/routingState.ts";
import type { RoutingProvider } from "../ports.ts";

/** Runs one of the decider's effects with the port: one step, whose value the decider folds in. */
export function runRoutingEffect(
  provider: RoutingProvider,
  effect: RoutingEffect,
  instance: InstanceRef,
): Promise<unknown> {
  switch (effect.kind) {
    case "claimSlot":
      return provider.claimSlot(instance);
    case "ensureTargetGroup":
      return provider.ensureTargetGroup(instance);
    case "ensureRule":
      return provider.ensureRule(instance, effect);
    case "ensureAddress":
      return provider.ensureAddress(instance, effect);
    case "deleteAddress":
      return provider.deleteAddress(instance);
    case "deleteRule":
      return provider.deleteRule(instance);
    case "freeSlot":
      return provider.freeSlot(instance);
    case "deleteTargetGroup":
      return provider.deleteTargetGroup(instance);
    case "serveMaintenance":
      return provider.serveMaintenance(instance);
    case "forward":
      return provider.forward(instance);
    default:
      return unknownEffect(effect);
  }
}

function unknownEffect(effect: never): never {
  throw new Error(`unknown routing effect ${JSON.stringify(effect)}`);
}
