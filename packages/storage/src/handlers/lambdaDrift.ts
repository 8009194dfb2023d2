import type { StorageDriftAnswer } from "../adapters/aws/storageDriftMessages.ts";
import { storageDriftHandlerFromEnvironment } from "./driftDeps.ts";

let built: ReturnType<typeof storageDriftHandlerFromEnvironment> | undefined;

/**
 * The storage drift function's entry point, invoked synchronously by the API's and the sweep's
 * drift part (createLambdaStorageDriftCheck). The admin pool is opened on first use and kept for
 * the container's life.
 */
export function handler(event: unknown): Promise<StorageDriftAnswer> {
  built ??= storageDriftHandlerFromEnvironment();
  return built(event);
}
