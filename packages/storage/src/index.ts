export {
  type AwsStorageDriftCheckDeps,
  createAwsStorageDriftCheck,
} from "./adapters/aws/createAwsStorageDriftCheck.ts";
export {
  type AwsStorageInventoryOptions,
  createAwsStorageInventory,
} from "./adapters/aws/createAwsStorageInventory.ts";
export {
  type AwsStorageProviderOptions,
  createAwsStorageProvider,
} from "./adapters/aws/createAwsStorageProvider.ts";
export {
  createLambdaStorageDriftCheck,
  type LambdaStorageDriftCheckDeps,
} from "./adapters/aws/createLambdaStorageDriftCheck.ts";
export type { StorageDriftAnswer, StorageDriftRequest } from "./adapters/aws/storageDriftMessages.ts";
export {
  createLocalStorageInventory,
  type LocalStorageInventoryOptions,
} from "./adapters/local/createLocalStorageInventory.ts";
export {
  createLocalStorageProvider,
  type LocalStorageProviderOptions,
} from "./adapters/local/createLocalStorageProvider.ts";
export type { UidRange } from "./adapters/local/localUidAllocator.ts";
export { createSqlStorageDriftCheck } from "./adapters/sql/createSqlStorageDriftCheck.ts";
export type { SqlPool } from "./adapters/sql/sqlPool.ts";
export { createStorageService, type StorageServiceDeps } from "./application/createStorageService.ts";
export { STORAGE_DRIFT_KINDS } from "./domain/driftKinds.ts";
export { STORAGE_ERROR_CODES, StorageError, type StorageErrorCode } from "./domain/errors.ts";
export { createStorageDriftHandler } from "./handlers/createStorageDriftHandler.ts";
export { createStorageSqsHandler } from "./handlers/createStorageSqsHandler.ts";
export { UID_RANGE as AWS_UID_RANGE } from "./handlers/deps.ts";
export { createRdsAdminPool, type RdsAdminPoolOptions } from "./handlers/rdsAdminPool.ts";
export type { StorageProvider } from "./ports.ts";
