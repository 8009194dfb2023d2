import type { InstanceRef } from "@bbws/contracts";
import { createDeciderHandler, type ServiceDecider, type ServiceHandlerDeps } from "@bbws/mesh";
import { evolveStorage } from "../domain/evolveStorage.ts";
import { decideStorage } from "../domain/storageDecider.ts";
import { INITIAL_STORAGE_STATE, type StorageEffect, type StorageState } from "../domain/storageState.ts";
import type { StorageProvider } from "../ports.ts";

export interface StorageServiceDeps extends ServiceHandlerDeps {
  readonly provider: StorageProvider;
}

/** Storage's pure decisions, in the shape the shared executor runs. */
export const storageDecider: ServiceDecider<StorageState, StorageEffect> = {
  service: "storage",
  initialState: INITIAL_STORAGE_STATE,
  decide: decideStorage,
  evolve: evolveStorage,
};

/**
 * Reacts to InstanceRequested, ReleaseRequested(storage), BackupRequested, RestoreRequested and
 * CredentialsRotationRequested:
 * the shared executor runs storage's decider, one step of the provider per effect.
 */
export function createStorageService(deps: StorageServiceDeps) {
  return createDeciderHandler({
    ...deps,
    decider: storageDecider,
    runEffect: (effect, instance) => runStorageEffect(deps.provider, effect, instance),
  });
}

/** One effect, one provider step; the value is what the decider's `succeeded` fact carries. */
export function runStorageEffect(
  provider: StorageProvider,
  effect: StorageEffect,
  instance: InstanceRef,
): Promise<unknown> {
  switch (effect.kind) {
    case "claimTenant":
      return provider.claimTenant(instance);
    case "allocateUid":
      return provider.allocateUid(instance);
    case "ensureContentArea":
      return provider.ensureContentArea(instance, { uid: effect.uid });
    case "ensureCredentials":
      return provider.ensureCredentials(instance);
    case "ensureDatabase":
      return provider.ensureDatabase(instance);
    case "completeStorage": {
      const { uid, accessPointId, secretRef } = effect;
      return provider.completeStorage(instance, { uid, accessPointId, secretRef });
    }
    case "archiveData":
      return provider.archiveData(instance);
    case "releaseContent":
      return provider.releaseContent(instance);
    case "dropDatabase":
      return provider.dropDatabase(instance);
    case "removeCredentials":
      return provider.removeCredentials(instance);
    case "releaseUid":
      return provider.releaseUid(instance);
    case "forgetStorage":
      return provider.forgetStorage(instance);
    case "storeBackup":
      return provider.storeBackup(instance, effect.backupId);
    case "verifyBackup":
      return provider.verifyBackup(instance, effect.backup);
    case "restoreData":
      return provider.restoreData(instance, effect.backup);
    case "putBackSafetyBackup":
      return provider.restoreData(instance, effect.safety);
    case "createPendingCredentials":
    case "setPendingPassword":
    case "testPendingCredentials":
    case "promotePendingCredentials":
    case "restorePreviousCredentials":
    case "revokePreviousCredentials":
      return provider[effect.kind](instance, effect.rotationId);
    default:
      return unknownEffect(effect);
  }
}

function unknownEffect(effect: never): never {
  throw new Error(`unknown storage effect ${JSON.stringify(effect)}`);
}
