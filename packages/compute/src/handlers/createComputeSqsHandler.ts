import { createSqsEventHandler } from "@bbws/mesh";
import { type ComputeServiceDeps, createComputeService } from "../application/createComputeService.ts";

/** The compute service's queue consumer (a Lambda on AWS, the local runtime's consumer locally). */
export function createComputeSqsHandler(deps: ComputeServiceDeps) {
  return createSqsEventHandler({
    consumer: "compute",
    handle: createComputeService(deps),
    logger: deps.logger,
    ...(deps.visibility ? { visibility: deps.visibility } : {}),
  });
}
