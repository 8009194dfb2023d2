export { type ComputeServiceDeps, createComputeService } from "./application/createComputeService.ts";
export { ComputeError, HealthPendingError } from "./domain/errors.ts";
export { createComputeSqsHandler } from "./handlers/createComputeSqsHandler.ts";
export type { ComputeProvider, ComputeRequest, WordPressImage } from "./ports.ts";
