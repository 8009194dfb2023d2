import type { InstanceRef, InstanceSpec } from "@bbws/contracts";
import type { FoundIdentity } from "./domain/identityState.ts";

/**
 * The tenant's identity store, one cloud step a method (Cognito user pool, app client, groups,
 * domain, and the client secret on AWS). The decider chooses the order; every method adopts what
 * already exists, so repeating it after a crash at any point creates nothing twice.
 */
export interface IdentityProvider {
  /** The instance's pool id: the recorded one, one adopted by name and tag, or a new pool. */
  createUserPool(instance: InstanceRef): Promise<string>;
  /** The SSO app client's id (adopted by name when it exists). */
  createAppClient(instance: InstanceRef, input: { userPoolId: string; spec: InstanceSpec }): Promise<string>;
  /** The groups Admin, Editor, Viewer; existing ones are success. */
  createGroups(instance: InstanceRef, userPoolId: string): Promise<void>;
  /** The hosted UI's host name (the domain is created only where the server has domains). */
  createDomain(instance: InstanceRef, userPoolId: string): Promise<string>;
  /** Reads the client's secret from Cognito and stores it; returns the reference that travels. */
  storeClientSecret(
    instance: InstanceRef,
    input: { userPoolId: string; appClientId: string },
  ): Promise<string>;
  /** What a release must delete, from the records (adopting a pool whose create was not recorded). */
  findIdentity(instance: InstanceRef): Promise<FoundIdentity>;
  /** Each delete returns the names it deleted; "not found" deletes nothing. */
  deleteDomain(instance: InstanceRef, userPoolId: string): Promise<string[]>;
  deleteAppClient(
    instance: InstanceRef,
    input: { userPoolId: string; appClientId: string },
  ): Promise<string[]>;
  deleteUserPool(instance: InstanceRef, userPoolId: string): Promise<string[]>;
  /** Only the instance's own secret: another instance's of the same name is left alone. */
  deleteClientSecret(instance: InstanceRef): Promise<string[]>;
  /** Forgets the resource records, last, so a crash before leaves them for the repeat. */
  forgetIdentity(instance: InstanceRef): Promise<void>;
}

/**
 * Where the app client's secret is kept: Secrets Manager on AWS, 0600 files
 * locally. Only the returned reference (an ARN or `local-secret:`) travels.
 */
export interface SecretStore {
  /**
   * Stores `value` under `name`, tagged for `instance`; returns its reference.
   * Repeating it with the same `idempotencyKey` and value changes nothing.
   */
  put(input: {
    readonly name: string;
    readonly value: string;
    readonly instance: InstanceRef;
    /** What makes this value unique for the instance (the app client id). */
    readonly idempotencyKey: string;
  }): Promise<string>;
  /**
   * Deletes the instance's secret at once (no recovery window); false when
   * there was none, or when the name is held by another instance's secret.
   */
  remove(name: string, instance: InstanceRef): Promise<boolean>;
}
