import { createSqsEventHandler } from "@bbws/mesh";
import { createIdentityService, type IdentityServiceDeps } from "../application/createIdentityService.ts";

/** The identity service's queue consumer (a Lambda on AWS, the local runtime's consumer locally). */
export function createIdentitySqsHandler(deps: IdentityServiceDeps) {
  return createSqsEventHandler({
    consumer: "identity",
    handle: createIdentityService(deps),
    logger: deps.logger,
    ...(deps.visibility ? { visibility: deps.visibility } : {}),
  });
}
