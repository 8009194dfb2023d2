import type { Environment, ResourceDriftCheck } from "@bbws/contracts";
import { type StorageDriftAnswer, StorageDriftRequestSchema } from "../adapters/aws/storageDriftMessages.ts";
import { StorageError } from "../domain/errors.ts";

export interface StorageDriftHandlerDeps {
  /** The environment this deployment stores (its RDS, file system and secrets). */
  readonly served: Environment;
  /** The database (SQL) and the AWS resources (access point, secret) checks, run at once. */
  readonly checks: readonly ResourceDriftCheck[];
}

/**
 * The storage drift function's handler: the VPC side of the API's and the sweep's drift part
 * (createLambdaStorageDriftCheck invokes it). Answers the missing storage resources of one
 * recorded instance; throws (a function error: the caller's part error, never drift) on a
 * request it cannot read, an environment this deployment does not store, or a check that
 * cannot tell.
 */
export function createStorageDriftHandler(
  deps: StorageDriftHandlerDeps,
): (event: unknown, signal?: AbortSignal) => Promise<StorageDriftAnswer> {
  return async (event, signal = new AbortController().signal) => {
    const parsed = StorageDriftRequestSchema.safeParse(event);
    if (!parsed.success)
      throw new StorageError(
        "STORAGE.INVALID_TENANT",
        `not a storage drift request: ${parsed.error.message}`,
        {
          retryable: false,
        },
      );
    const { storage, ...instance } = parsed.data;
    if (instance.environment !== deps.served)
      throw new StorageError(
        "STORAGE.CLOUD_FAILED",
        `this deployment stores ${deps.served} only; ${instance.environment} has its own stage`,
        { retryable: false },
      );
    // desiredCount is compute's concern: storage's checks read the outputs only.
    const target = { ...instance, outputs: { storage }, desiredCount: 0 };
    const found = await Promise.all(deps.checks.map((check) => check.missing(target, signal)));
    return { missing: found.flat() };
  };
}
