import { type Backup, BackupSchema } from "@bbws/contracts";
import {
  type FailureDetails,
  type OperationEffect,
  type OperationOutcome,
  type OperationProgress,
  progressOf,
  type StorageState,
} from "./storageState.ts";

/** Folds a backup or restore step that succeeded into the operation's progress or outcome. */
export function operationSucceeded(
  state: StorageState,
  effect: OperationEffect,
  value: unknown,
): StorageState {
  const { operationId } = effect;
  const progress = progressOf(state, operationId);
  switch (effect.kind) {
    case "storeBackup":
      return withProgress(state, operationId, { ...progress, stored: BackupSchema.parse(value) });
    case "verifyBackup":
      return withProgress(state, operationId, {
        ...progress,
        verified: [...progress.verified, effect.backup.location],
      });
    case "restoreData":
      return withOutcome(state, operationId, { backup: safetyOf(progress) });
    case "putBackSafetyBackup":
      return withOutcome(state, operationId, { failure: putBack(progress, effect.safety) });
    default:
      return unreachable(effect);
  }
}

/** A failed step ends the operation, except a failed swap: the safety backup goes back in first. */
export function operationFailed(
  state: StorageState,
  effect: OperationEffect,
  failure: FailureDetails,
): StorageState {
  const { operationId } = effect;
  const progress = progressOf(state, operationId);
  switch (effect.kind) {
    case "storeBackup":
    case "verifyBackup":
      return withOutcome(state, operationId, { failure });
    case "restoreData": {
      // A backup that no longer verifies is refused before anything is swapped.
      if (failure.code === "STORAGE.BACKUP_INVALID") return withOutcome(state, operationId, { failure });
      const reason = `restoring backup ${effect.backup.backupId} failed (${failure.reason})`;
      return withProgress(state, operationId, { ...progress, swapFailed: { ...failure, reason } });
    }
    case "putBackSafetyBackup":
      return withOutcome(state, operationId, { failure: notPutBack(progress, effect.safety, failure) });
    default:
      return unreachable(effect);
  }
}

function putBack(progress: OperationProgress, safety: Backup): FailureDetails {
  const reason =
    `${swapFailureOf(progress).reason}; the instance is back on its pre-restore data ` +
    `(safety backup ${safety.backupId} at ${safety.location})`;
  return { code: "STORAGE.RESTORE_FAILED", reason, retryable: false };
}

function notPutBack(progress: OperationProgress, safety: Backup, failure: FailureDetails): FailureDetails {
  const reason =
    `${swapFailureOf(progress).reason}, and putting the safety backup back failed too (${failure.reason}): ` +
    `the data may be half-restored; the pre-restore data is in safety backup ${safety.backupId} at ${safety.location}`;
  return { code: "STORAGE.RESTORE_INCOMPLETE", reason, retryable: false };
}

function safetyOf(progress: OperationProgress): Backup {
  if (!progress.stored) throw new Error("a restore swapped data before its safety backup was stored");
  return progress.stored;
}

function swapFailureOf(progress: OperationProgress): FailureDetails {
  if (!progress.swapFailed) throw new Error("the safety backup was put back with no failed swap");
  return progress.swapFailed;
}

function withProgress(state: StorageState, operationId: string, progress: OperationProgress): StorageState {
  return { ...state, progress: { ...state.progress, [operationId]: progress } };
}

function withOutcome(state: StorageState, operationId: string, outcome: OperationOutcome): StorageState {
  return { ...state, operations: { ...state.operations, [operationId]: outcome } };
}

function unreachable(effect: never): never {
  throw new Error(`unknown storage operation effect ${JSON.stringify(effect)}`);
}
