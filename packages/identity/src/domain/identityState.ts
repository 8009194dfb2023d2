import type { AnswerOf, DataOf, InstanceSpec, StepFactOf, VerdictOf } from "@bbws/contracts";

/** What a release found to delete: from the resource records, adopting a pool made before a crash. */
export interface FoundIdentity {
  /** False when no pool was ever recorded for the instance: then nothing of it can exist. */
  readonly recorded: boolean;
  readonly userPoolId?: string;
  readonly appClientId?: string;
}

/** One cloud step each; every one adopts what exists, so running it again after a crash is safe. */
export type IdentityEffect =
  | { readonly kind: "createUserPool" }
  | { readonly kind: "createAppClient"; readonly userPoolId: string; readonly spec: InstanceSpec }
  | { readonly kind: "createGroups"; readonly userPoolId: string }
  | { readonly kind: "createDomain"; readonly userPoolId: string }
  | { readonly kind: "storeClientSecret"; readonly userPoolId: string; readonly appClientId: string }
  | { readonly kind: "findIdentity" }
  | { readonly kind: "deleteDomain"; readonly userPoolId: string }
  | { readonly kind: "deleteAppClient"; readonly userPoolId: string; readonly appClientId: string }
  | { readonly kind: "deleteUserPool"; readonly userPoolId: string }
  | { readonly kind: "deleteClientSecret" }
  | { readonly kind: "forgetIdentity" };

export type IdentityEffectKind = IdentityEffect["kind"];
export type ReleaseStepKind = Extract<
  IdentityEffectKind,
  "deleteDomain" | "deleteAppClient" | "deleteUserPool" | "deleteClientSecret" | "forgetIdentity"
>;

/** What each effect answers, as the `succeeded` fact carries it. */
export interface IdentityEffectValues {
  readonly createUserPool: string;
  readonly createAppClient: string;
  readonly createGroups: unknown;
  readonly createDomain: string;
  readonly storeClientSecret: string;
  readonly findIdentity: FoundIdentity;
  readonly deleteDomain: readonly string[];
  readonly deleteAppClient: readonly string[];
  readonly deleteUserPool: readonly string[];
  readonly deleteClientSecret: readonly string[];
  readonly forgetIdentity: unknown;
}

export interface ReleaseProgress {
  readonly found: FoundIdentity;
  readonly done: readonly ReleaseStepKind[];
  /** Names of what was deleted, for `IdentityReleased`. */
  readonly released: readonly string[];
  /** The request whose step finished the release: from then on the instance is closed. */
  readonly closedBy?: string;
}

/**
 * Identity's memory of one instance. No secret ever lands here (the journal is not a vault):
 * the client secret goes from Cognito to the secret store inside one effect.
 */
export interface IdentityState {
  readonly userPoolId?: string;
  readonly appClientId?: string;
  readonly groups?: true;
  readonly hostedDomain?: string;
  readonly clientSecretRef?: string;
  /** Set once a release found what to delete: from then on provisioning requests have no effect. */
  readonly release?: ReleaseProgress;
  /** The last failed step and the request it answers. */
  readonly failed?: { readonly request: string } & Omit<DataOf<"IdentityFailed">, "operationId">;
}

export const INITIAL_IDENTITY_STATE: IdentityState = {};

/** The identity service's answers: what its decider may emit. */
export type IdentityAnswer = AnswerOf<"IdentityReady" | "IdentityReleased" | "IdentityFailed">;

/** The executor's verdict and fact shapes (contracts' decider.ts), for identity's effects. */
export type IdentityVerdict = VerdictOf<IdentityEffect, IdentityAnswer>;
export type IdentityFact = StepFactOf<IdentityEffect>;
