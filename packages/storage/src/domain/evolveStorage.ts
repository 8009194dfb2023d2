import { ArchiveSchema, StorageOutputsSchema } from "@bbws/contracts";
import { z } from "zod";
import { evolveRotation } from "./decideRotation.ts";
import { operationFailed, operationSucceeded } from "./evolveOperation.ts";
import {
  type StorageFact as Fact,
  type ReleaseState,
  type ReleaseStep,
  releaseOf,
  type StorageState,
} from "./storageState.ts";

const UidSchema = z.number().int().positive();
const ReleasedSchema = z.array(z.string());

/** Folds what a step did (or why it failed) into storage's state of the instance. */
export function evolveStorage(state: StorageState, fact: Fact): StorageState {
  if (fact.kind === "failed") return failed(state, fact);
  const { effect, value } = fact;
  const { provision } = state;
  switch (effect.kind) {
    case "claimTenant":
      return { ...state, provision: { ...provision, claimed: true } };
    case "allocateUid":
      return { ...state, provision: { ...provision, uid: UidSchema.parse(value) } };
    case "ensureContentArea": {
      const { accessPointId } = z.object({ accessPointId: z.string() }).parse(value);
      return { ...state, provision: { ...provision, accessPointId } };
    }
    case "ensureCredentials": {
      const { secretRef } = z.object({ secretRef: z.string() }).parse(value);
      return { ...state, provision: { ...provision, secretRef } };
    }
    case "ensureDatabase":
      return { ...state, provision: { ...provision, database: true } };
    case "completeStorage":
      return { ...state, provision: { ...provision, outputs: StorageOutputsSchema.parse(value) } };
    case "archiveData":
      return withRelease(state, { archive: value === null ? null : ArchiveSchema.parse(value) });
    case "releaseContent":
    case "dropDatabase":
    case "removeCredentials":
    case "releaseUid":
    case "forgetStorage":
      return released(state, effect.kind, value);
    case "storeBackup":
    case "verifyBackup":
    case "restoreData":
    case "putBackSafetyBackup":
      return operationSucceeded(state, effect, value);
    case "createPendingCredentials":
    case "setPendingPassword":
    case "testPendingCredentials":
    case "promotePendingCredentials":
    case "restorePreviousCredentials":
    case "revokePreviousCredentials":
      return evolveRotation(state, effect);
    default:
      return unreachable(effect);
  }
}

function released(state: StorageState, step: ReleaseStep, value: unknown): StorageState {
  const current = releaseOf(state);
  const names = step === "forgetStorage" ? [] : ReleasedSchema.parse(value);
  const next = withRelease(state, {
    done: [...current.done, step],
    released: [...current.released, ...names],
  });
  // The records are the last thing released: nothing of the instance's is left.
  if (step !== "forgetStorage") return next;
  return { ...next, closed: true, provision: { claimed: false, database: false } };
}

function failed(state: StorageState, fact: Extract<Fact, { kind: "failed" }>): StorageState {
  const { effect } = fact;
  const failure = { request: fact.request, failure: fact.failure };
  switch (effect.kind) {
    case "claimTenant":
    case "allocateUid":
    case "ensureContentArea":
    case "ensureCredentials":
    case "ensureDatabase":
    case "completeStorage":
      return { ...state, provision: { ...state.provision, failed: failure } };
    case "archiveData":
    case "releaseContent":
    case "dropDatabase":
    case "removeCredentials":
    case "releaseUid":
    case "forgetStorage":
      return withRelease(state, { failed: failure });
    case "storeBackup":
    case "verifyBackup":
    case "restoreData":
    case "putBackSafetyBackup":
      return operationFailed(state, effect, fact.failure);
    case "createPendingCredentials":
    case "setPendingPassword":
    case "testPendingCredentials":
    case "promotePendingCredentials":
    case "restorePreviousCredentials":
    case "revokePreviousCredentials":
      return evolveRotation(state, effect, fact.failure);
    default:
      return unreachable(effect);
  }
}

function withRelease(state: StorageState, change: Partial<ReleaseState>): StorageState {
  return { ...state, release: { ...releaseOf(state), ...change } };
}

function unreachable(effect: never): never {
  throw new Error(`unknown storage effect ${JSON.stringify(effect)}`);
}
