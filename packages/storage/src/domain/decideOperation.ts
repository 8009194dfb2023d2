import type { DataOf } from "@bbws/contracts";
import {
  type OperationEffect,
  type OperationOutcome,
  progressOf,
  type StorageAnswer,
  type StorageState,
  type StorageVerdict,
} from "./storageState.ts";

/**
 * A backup: store the archive, read it back and verify it, answer with it. Once per operation: a
 * later request for it gets the same answer.
 */
export function decideBackup(state: StorageState, data: DataOf<"BackupRequested">): StorageVerdict {
  const { operationId, backupId } = data;
  const outcome = state.operations[operationId];
  if (outcome) return answer("BackupRequested", operationId, outcome);
  const { stored, verified } = progressOf(state, operationId);
  if (!stored) return run({ kind: "storeBackup", operationId, backupId });
  if (!verified.includes(stored.location)) return run({ kind: "verifyBackup", operationId, backup: stored });
  return answer("BackupRequested", operationId, { backup: stored });
}

/**
 * A restore (the ledger has suspended compute and routing): nothing changes before the requested
 * backup verifies and a safety backup of the current data is stored and verified too; then the
 * swap. A failed swap puts the safety backup back; the answer says which of the two the data is.
 */
export function decideRestore(state: StorageState, data: DataOf<"RestoreRequested">): StorageVerdict {
  const { operationId, backupId, backup } = data;
  const outcome = state.operations[operationId];
  if (outcome) return answer("RestoreRequested", operationId, outcome);
  if (!backup) return answer("RestoreRequested", operationId, withoutBackup(backupId));
  const { stored: safety, verified, swapFailed } = progressOf(state, operationId);
  if (!verified.includes(backup.location)) return run({ kind: "verifyBackup", operationId, backup });
  if (!safety) return run({ kind: "storeBackup", operationId, backupId: operationId });
  if (!verified.includes(safety.location)) return run({ kind: "verifyBackup", operationId, backup: safety });
  if (swapFailed) return run({ kind: "putBackSafetyBackup", operationId, safety });
  return run({ kind: "restoreData", operationId, backup });
}

function run(effect: OperationEffect): StorageVerdict {
  return { kind: "decide", run: effect };
}

function withoutBackup(backupId: string): OperationOutcome {
  const reason = `RestoreRequested for backup ${backupId} carries no backup record (sent by an older ledger); start the restore again`;
  return { failure: { code: "STORAGE.BACKUP_INVALID", reason, retryable: false } };
}

/** OperationStepCompleted / OperationStepFailed for a lifecycle request. */
function answer(
  answers: "BackupRequested" | "RestoreRequested",
  operationId: string,
  outcome: OperationOutcome,
): StorageVerdict {
  const operation = answers === "BackupRequested" ? "backup" : "restore";
  const step = { operationId, operation, service: "storage", answers } as const;
  if ("backup" in outcome)
    return {
      kind: "decide",
      emit: [{ type: "OperationStepCompleted", data: { ...step, backup: outcome.backup } }],
    };
  // Half-restored data must not be served: the ledger leaves the instance suspended.
  const unsafe = outcome.failure.code === "STORAGE.RESTORE_INCOMPLETE" ? { unsafeToResume: true } : {};
  const failed: StorageAnswer = {
    type: "OperationStepFailed",
    data: { ...step, ...outcome.failure, ...unsafe },
  };
  return { kind: "decide", emit: [failed] };
}
