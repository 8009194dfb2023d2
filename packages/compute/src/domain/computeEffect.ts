import type { DataOf } from "@bbws/contracts";

export type ComputeRequest = DataOf<"ComputeRequested">;
export type WordPressImage = DataOf<"ImageUpdateRequested">["wordpress"];

/**
 * One cloud step of the compute port. `step` names the operation's request it serves
 * (`{detail-type}:{operationId}`): evolve files the outcome under it. Every step adopts what
 * already exists, so running it again after a crash (the intent was recorded, the result not)
 * makes nothing twice.
 */
export type ComputeEffect =
  /** The tenant's own IAM role (its tasks' task and execution role), granted only what `request` names. */
  | { readonly kind: "createTaskRole"; readonly step: string; readonly request: ComputeRequest }
  | { readonly kind: "prepareLogs"; readonly step: string }
  | { readonly kind: "registerRevision"; readonly step: string; readonly request: ComputeRequest }
  | {
      readonly kind: "startInstall";
      readonly step: string;
      readonly revisionRef: string;
      /** 1, 2, ...: the install's idempotency token; the next attempt only after ECS forgot the last. */
      readonly attempt: number;
      readonly siteUrl: string;
    }
  | { readonly kind: "awaitInstall"; readonly step: string; readonly taskRef: string }
  | {
      readonly kind: "createService";
      readonly step: string;
      readonly revisionRef: string;
      readonly desiredCount: number;
      readonly targetGroupRef: string;
    }
  | {
      readonly kind: "checkHealth";
      readonly step: string;
      readonly url: string;
      readonly targetGroupRef: string;
    }
  | {
      readonly kind: "deployRevision";
      readonly step: string;
      readonly revisionRef: string;
      readonly desiredCount: number;
    }
  | { readonly kind: "awaitRollout"; readonly step: string; readonly revisionRef: string }
  | {
      readonly kind: "setDesiredCount";
      readonly step: string;
      readonly desiredCount: number;
      /** What runs now (0 while suspended): the tasks this change may start are the difference. */
      readonly currentCount: number;
    }
  | {
      readonly kind: "restartService";
      readonly step: string;
      readonly desiredCount: number;
      /** The secret fresh tasks read their database credentials from (a credentials rotation changed it). */
      readonly credentialsSecretRef?: string;
      /** A rotation revokes the old password next: the answer waits for the rollout (`awaitRollout`). */
      readonly thenAwaitRollout?: boolean;
    }
  | { readonly kind: "findCompute"; readonly step: string }
  | { readonly kind: "deleteService"; readonly step: string }
  | { readonly kind: "deleteRevisions"; readonly step: string }
  | { readonly kind: "deleteTaskRole"; readonly step: string };

export type ComputeEffectKind = ComputeEffect["kind"];

/** What a release finds: false when the names are held by another instance's compute (left alone). */
export interface FoundCompute {
  readonly owned: boolean;
}

/** What each effect's success carries (the executor's `succeeded.value`). */
export interface EffectValues {
  /** The role's reference (IAM: its ARN). */
  readonly createTaskRole: string;
  readonly prepareLogs: unknown;
  readonly registerRevision: string;
  readonly startInstall: string;
  /** "gone": the cloud forgot the task before anyone saw it end; the next attempt runs. */
  readonly awaitInstall: "installed" | "gone";
  readonly createService: string;
  readonly checkHealth: { readonly url: string; readonly httpStatus: number };
  readonly deployRevision: unknown;
  readonly awaitRollout: unknown;
  readonly setDesiredCount: unknown;
  readonly restartService: unknown;
  readonly findCompute: FoundCompute;
  readonly deleteService: readonly string[];
  readonly deleteRevisions: readonly string[];
  readonly deleteTaskRole: readonly string[];
}
