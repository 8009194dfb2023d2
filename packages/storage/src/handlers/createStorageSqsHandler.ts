import { createSqsEventHandler } from "@bbws/mesh";
import { createStorageService, type StorageServiceDeps } from "../application/createStorageService.ts";

/** The storage service's queue consumer (a Lambda on AWS, the local runtime's consumer locally). */
export function createStorageSqsHandler(deps: StorageServiceDeps) {
  return createSqsEventHandler({
    consumer: "storage",
    handle: createStorageService(deps),
    logger: deps.logger,
    ...(deps.visibility ? { visibility: deps.visibility } : {}),
  });
}
