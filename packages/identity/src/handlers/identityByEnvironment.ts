import type { Environment, InstanceRef } from "@bbws/contracts";
import type { IdentityProvider } from "../ports.ts";

/** One provider over many: each step goes to the provider of the instance's environment (its account). */
export function identityByEnvironment(
  providerFor: (environment: Environment) => IdentityProvider,
): IdentityProvider {
  const of = (instance: InstanceRef) => providerFor(instance.environment);
  return {
    createUserPool: (instance) => of(instance).createUserPool(instance),
    createAppClient: (instance, input) => of(instance).createAppClient(instance, input),
    createGroups: (instance, userPoolId) => of(instance).createGroups(instance, userPoolId),
    createDomain: (instance, userPoolId) => of(instance).createDomain(instance, userPoolId),
    storeClientSecret: (instance, input) => of(instance).storeClientSecret(instance, input),
    findIdentity: (instance) => of(instance).findIdentity(instance),
    deleteDomain: (instance, userPoolId) => of(instance).deleteDomain(instance, userPoolId),
    deleteAppClient: (instance, input) => of(instance).deleteAppClient(instance, input),
    deleteUserPool: (instance, userPoolId) => of(instance).deleteUserPool(instance, userPoolId),
    deleteClientSecret: (instance) => of(instance).deleteClientSecret(instance),
    forgetIdentity: (instance) => of(instance).forgetIdentity(instance),
  };
}
