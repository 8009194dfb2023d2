export { createRoutingService, type RoutingServiceDeps } from "./application/createRoutingService.ts";
export { RoutingError } from "./domain/errors.ts";
export { createRoutingSqsHandler } from "./handlers/createRoutingSqsHandler.ts";
export type { RoutingProvider } from "./ports.ts";
