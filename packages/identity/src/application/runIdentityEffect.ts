import type { InstanceRef } from "@bbws/contracts";
import type { IdentityEffect } from "../domain/identityState.ts";
import type { IdentityProvider } from "../ports.ts";

/** Runs one effect the decider chose: one port method, whose answer the `succeeded` fact carries. */
export function runIdentityEffect(provider: IdentityProvider) {
  return async (effect: IdentityEffect, instance: InstanceRef): Promise<unknown> => {
    switch (effect.kind) {
      case "createUserPool":
        return provider.createUserPool(instance);
      case "createAppClient":
        return provider.createAppClient(instance, { userPoolId: effect.userPoolId, spec: effect.spec });
      case "createGroups":
        return provider.createGroups(instance, effect.userPoolId);
      case "createDomain":
        return provider.createDomain(instance, effect.userPoolId);
      case "storeClientSecret":
        return provider.storeClientSecret(instance, effect);
      case "findIdentity":
        return provider.findIdentity(instance);
      case "deleteDomain":
        return provider.deleteDomain(instance, effect.userPoolId);
      case "deleteAppClient":
        return provider.deleteAppClient(instance, effect);
      case "deleteUserPool":
        return provider.deleteUserPool(instance, effect.userPoolId);
      case "deleteClientSecret":
        return provider.deleteClientSecret(instance);
      case "forgetIdentity":
        return provider.forgetIdentity(instance);
      default: {
        const unknown: never = effect;
        throw new Error(`unknown identity effect ${JSON.stringify(unknown)}`);
      }
    }
  };
}
