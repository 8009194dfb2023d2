import type {
  AnswerOf,
  Archive,
  Backup,
  FailureDetails,
  StepFactOf,
  StorageOutputs,
  VerdictOf,
} from "@bbws/contracts";

export type { FailureDetails };

/** Storage's answers, and the executor's verdict and fact shapes (contracts' decider.ts) for its effects. */
export type StorageAnswer = AnswerOf<
  "StorageReady" | "StorageFailed" | "StorageReleased" | "OperationStepCompleted" | "OperationStepFailed"
>;
export type StorageVerdict = VerdictOf<StorageEffect, StorageAnswer>;
export type StorageFact = StepFactOf<StorageEffect>;

/** A step that failed for good, and the request (event id) it was run for: that request's answer. */
export interface RequestFailure {
  readonly request: string;
  readonly failure: FailureDetails;
}

/** What provisioning has created so far; each field is a step done. */
export interface ProvisionState {
  readonly claimed: boolean;
  readonly uid?: number;
  readonly accessPointId?: string;
  readonly secretRef?: string;
  readonly database: boolean;
  /** Set by the last step: storage is ready, and these are its outputs. */
  readonly outputs?: StorageOutputs;
  readonly failed?: RequestFailure;
}

/** The release steps in the order they run: what writes is dropped first, the records last. */
export const RELEASE_STEPS = [
  "releaseContent",
  "dropDatabase",
  "removeCredentials",
  "releaseUid",
  "forgetStorage",
] as const;
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

export interface ReleaseState {
  /** The verified archive; `null` when there was nothing of this instance's to archive. */
  readonly archive?: Archive | null;
  readonly done: readonly ReleaseStep[];
  /** Names of what was deleted, for the audit trail. */
  readonly released: readonly string[];
  readonly failed?: RequestFailure;
}

/** The release so far: nothing done when no release was asked yet. */
export function releaseOf(state: { readonly release?: ReleaseState }): ReleaseState {
  return state.release ?? { done: [], released: [] };
}

/** A lifecycle operation's outcome, by operationId: a second request for it is answered the same. */
export type OperationOutcome = { readonly backup: Backup } | { readonly failure: FailureDetails };

/** A backup or restore under way: what its steps did so far. */
export interface OperationProgress {
  /** The archive the operation stored: the backup itself, or a restore's safety backup. */
  readonly stored?: Backup;
  /** Locations of the archives read back and verified. */
  readonly verified: readonly string[];
  /** Why swapping the requested backup in failed: the safety backup goes back in next. */
  readonly swapFailed?: FailureDetails;
}

/**
 * The steps of a credentials rotation (alternating users), one port method each. The first four are
 * AWS's rotation steps: createSecret, setSecret, testSecret, finishSecret.
 */
export const ROTATION_STEPS = [
  "createPendingCredentials",
  "setPendingPassword",
  "testPendingCredentials",
  "promotePendingCredentials",
  "restorePreviousCredentials",
  "revokePreviousCredentials",
] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];
export type RotationPhase = "switch" | "revoke" | "rollBack";

/** A rotation effect names the request (operation and phase) it runs for. */
export interface RotationEffect {
  readonly kind: RotationStep;
  readonly operationId: string;
  readonly phase: RotationPhase;
  /** The rotation's own operation id: the pending secret version's id (a rollBack's names the rotation it undoes). */
  readonly rotationId: string;
}

/** One phase of a rotation: the steps done, and, once one failed, the compensation's. */
export interface RotationProgress {
  readonly done: readonly RotationStep[];
  /** The phase's first failure: from then on the compensation steps run. */
  readonly failure?: FailureDetails;
  readonly undone?: readonly RotationStep[];
  /** The compensation failed too. */
  readonly undoFailure?: FailureDetails;
}

/** The operation's steps so far: none when it has not started. */
export function progressOf(state: StorageState, operationId: string): OperationProgress {
  return state.progress?.[operationId] ?? { verified: [] };
}

/** Storage's memory of one instance (the decider's state, kept in the service journal). */
export interface StorageState {
  readonly provision: ProvisionState;
  readonly release?: ReleaseState;
  /** Released: everything is gone and no request but a release is acted on again. */
  readonly closed: boolean;
  readonly operations: Readonly<Record<string, OperationOutcome>>;
  /** Backups and restores under way, by operationId (absent in journals older than these steps). */
  readonly progress?: Readonly<Record<string, OperationProgress>>;
  /** Credentials rotations, by `{operationId}:{phase}` (`domain/decideRotation.ts`). */
  readonly rotations?: Readonly<Record<string, RotationProgress>>;
}

export const INITIAL_STORAGE_STATE: StorageState = {
  provision: { claimed: false, database: false },
  closed: false,
  operations: {},
};

/** One effect = one port method = one idempotent step that adopts what already exists. */
export type StorageEffect =
  | { readonly kind: "claimTenant" }
  | { readonly kind: "allocateUid" }
  | { readonly kind: "ensureContentArea"; readonly uid: number }
  | { readonly kind: "ensureCredentials" }
  | { readonly kind: "ensureDatabase" }
  | {
      readonly kind: "completeStorage";
      readonly uid: number;
      readonly accessPointId: string;
      readonly secretRef: string;
    }
  | { readonly kind: "archiveData" }
  | { readonly kind: ReleaseStep }
  | OperationEffect
  | RotationEffect;

/** The backup and restore steps, each for one operation. */
export type OperationEffect =
  /** Dump + content + manifest -> one archive in the archive store (a restore's safety backup: backupId = operationId). */
  | { readonly kind: "storeBackup"; readonly operationId: string; readonly backupId: string }
  /** Reads a stored backup back and proves it whole and this instance's; changes nothing. */
  | { readonly kind: "verifyBackup"; readonly operationId: string; readonly backup: Backup }
  /** Swaps database and content for the requested backup's. */
  | { readonly kind: "restoreData"; readonly operationId: string; readonly backup: Backup }
  /** The same swap, of the safety backup, after `restoreData` failed: the compensation. */
  | { readonly kind: "putBackSafetyBackup"; readonly operationId: string; readonly safety: Backup };
