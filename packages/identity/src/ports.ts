import type { IdentityOutputs, InstanceRef, InstanceSpec } from "@bbws/contracts";

/**
 * The tenant's identity store: a Cognito user pool, app client, domain, groups
 * and client secret on AWS. Both calls are idempotent and safe to repeat after
 * a crash at any point.
 */
export interface IdentityProvider {
  /** Creates what is missing and returns the outputs (the same ones on every call). */
  ensureIdentity(instance: InstanceRef, spec: InstanceSpec): Promise<IdentityOutputs>;
  /** Deletes whatever exists for the instance; returns what it deleted (empty when nothing). */
  releaseIdentity(instance: InstanceRef): Promise<string[]>;
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
