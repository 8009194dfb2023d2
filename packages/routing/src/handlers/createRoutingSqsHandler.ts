import { createSqsEventHandler } from "@bbws/mesh";
import { createRoutingService, type RoutingServiceDeps } from "../application/createRoutingService.ts";

/** The routing service's queue consumer (a Lambda on AWS, the local runtime's consumer locally). */
export function createRoutingSqsHandler(deps: RoutingServiceDeps) {
  return createSqsEventHandler({
    consumer: "routing",
    handle: createRoutingService(deps),
    logger: deps.logger,
    ...(deps.visibility ? { visibility: deps.visibility } : {}),
  });
}
