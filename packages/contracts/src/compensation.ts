import type { LIFECYCLE_REQUESTS } from "./events/lifecycle.ts";
import type { Service } from "./identifiers.ts";
import type { InstanceState, OperationKind } from "./stateMachine.ts";

export type LifecycleOperation = Exclude<OperationKind, "provision" | "deprovision">;
export type LifecycleRequest = (typeof LIFECYCLE_REQUESTS)[number];

/**
 * What the ledger does once every service of a stage has answered and one of them failed.
 * A failed step may have applied part of its change and the ledger cannot tell how much,
 * so it never guesses: it undoes, and only a confirmed undo ends the operation plainly FAILED.
 */
export interface CompensationRule {
  /**
   * rollBack: undo at once. rollForward: skip to the operation's last stage, which brings the
   * instance back, and undo only if that stage fails. none: the operation changes nothing to put back.
   */
  readonly strategy: "rollBack" | "rollForward" | "none";
  /**
   * The request that puts back what the failed stage may have changed (built from the recorded
   * spec, under an operation id of its own) and the services that must each confirm it. It runs
   * only when the failed stage shares a service with it.
   */
  readonly undo?: {
    readonly request: LifecycleRequest;
    readonly services: readonly Service[];
    /** The stages whose failure it undoes (default: those that share a service with it). */
    readonly afterStages?: readonly number[];
  };
  /** The instance's state once the undo is confirmed (undefined: the state the operation started from). */
  readonly undoneState?: InstanceState;
  /**
   * The undo failed too, so the services may disagree: the operation ends FAILED with
   * `LEDGER.INCONSISTENT`, the ledger emits `InstanceInconsistent`, records the state that claims
   * least, and names the operation an operator runs once the cause is fixed.
   */
  readonly ifUndoFails?: { readonly state: InstanceState; readonly repair: LifecycleOperation };
  /** Why this strategy (rendered into docs/state-machine.md). */
  readonly why: string;
}

const COMPUTE_AND_ROUTING: readonly Service[] = ["compute", "routing"];

/**
 * Compensation as data, one rule per lifecycle operation, beside OPERATION_RULES.
 * Retryable failures never reach it: services retry those through their queue's receives, so
 * a failed step is one that asking again will not fix, which is why nothing rolls forward by
 * retrying the failed step.
 */
export const COMPENSATION_RULES: Readonly<Record<LifecycleOperation, CompensationRule>> = {
  suspend: {
    strategy: "rollBack",
    undo: { request: "ResumeRequested", services: COMPUTE_AND_ROUTING },
    ifUndoFails: { state: "SUSPENDED", repair: "resume" },
    why:
      "a site that half suspended (no tasks but no maintenance page, or the reverse) serves errors; " +
      "serving again is the state customers had, and the operator can suspend again",
  },
  resume: {
    strategy: "rollBack",
    undo: { request: "SuspendRequested", services: COMPUTE_AND_ROUTING },
    ifUndoFails: { state: "SUSPENDED", repair: "resume" },
    why:
      "a half resumed site serves errors; the maintenance page is the state it had and a known safe one, " +
      "and the operator can resume again",
  },
  scale: {
    strategy: "rollBack",
    undo: { request: "ScaleRequested", services: ["compute"] },
    ifUndoFails: { state: "ACTIVE", repair: "scale" },
    why:
      "a count or size applied in part (a new revision registered, the service not updated) is put back " +
      "to the recorded spec, so compute matches what the ledger reports",
  },
  updateImage: {
    strategy: "rollBack",
    undo: { request: "ImageUpdateRequested", services: ["compute"] },
    ifUndoFails: { state: "ACTIVE", repair: "updateImage" },
    why:
      "the recorded image is the one known to work; the deployment circuit breaker usually rolled back " +
      "already, and asking for the recorded image confirms it",
  },
  restart: {
    strategy: "none",
    why: "old and new tasks run the same task definition, so a restart stopped halfway leaves nothing to undo",
  },
  backup: {
    strategy: "none",
    why: "a backup is recorded only once storage reports it verified; a partial one is never offered to restore",
  },
  rotateCredentials: {
    strategy: "rollBack",
    undo: { request: "CredentialsRotationRequested", services: ["storage"], afterStages: [1] },
    ifUndoFails: { state: "ACTIVE", repair: "rotateCredentials" },
    why:
      "storage puts the old credentials back itself when its switch fails; when compute cannot restart " +
      "onto the new ones (it keeps its old config), storage puts the old ones back into the secret and " +
      "revokes the new password; a failed revoke leaves both users working, fixed by the next rotation",
  },
  restore: {
    strategy: "rollForward",
    undo: { request: "SuspendRequested", services: COMPUTE_AND_ROUTING },
    undoneState: "SUSPENDED",
    ifUndoFails: { state: "SUSPENDED", repair: "resume" },
    why:
      "storage puts its safety backup back when a restore fails, so the resume (the last stage) still " +
      "runs on good data; if the resume fails, both sides are suspended again (a data set it cannot " +
      "put back is flagged unsafeToResume and stays SUSPENDED)",
  },
};
