import type { StorageProvider } from "../ports.ts";
import { backupSteps } from "./backupSteps.ts";
import { provisionSteps } from "./provisionSteps.ts";
import { releaseSteps } from "./releaseSteps.ts";
import { rotationSteps } from "./rotationSteps.ts";
import type { StorageParts } from "./storageParts.ts";

/** One set of steps for every adapter; the parts decide whether they run on AWS or on this machine. */
export function composeStorageProvider(parts: StorageParts): StorageProvider {
  return {
    ...provisionSteps(parts),
    ...releaseSteps(parts),
    ...backupSteps(parts),
    ...rotationSteps(parts),
  };
}
