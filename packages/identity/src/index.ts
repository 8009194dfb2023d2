export { createIdentityService, type IdentityServiceDeps } from "./application/createIdentityService.ts";
export { IdentityError } from "./domain/errors.ts";
export { createIdentitySqsHandler } from "./handlers/createIdentitySqsHandler.ts";
export type { IdentityProvider } from "./ports.ts";
