export { createStorageService, type StorageServiceDeps } from "./application/createStorageService.ts";
export { StorageError } from "./domain/errors.ts";
export { createStorageSqsHandler } from "./handlers/createStorageSqsHandler.ts";
export type { StorageProvider } from "./ports.ts";
