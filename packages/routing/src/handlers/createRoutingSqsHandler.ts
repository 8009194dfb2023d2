import { createSqsEventHandler, type Logger } from "@bbws/mesh";
import { createRoutingService, type RoutingServiceDeps } from "../application/createRoutingService.ts";

/** The routing service's queue consumer (a Lambda on AWS, the local runtime's consumer locally). */
export function createRoutingSqsHandler(deps: RoutingServiceDeps & { logger: Logger }) {
  return createSqsEventHandler({
    consumer: "routing",
    handle: createRoutingService(deps),
    logger: deps.logger,
  });
}
