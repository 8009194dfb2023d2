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
