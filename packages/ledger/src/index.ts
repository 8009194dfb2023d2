export { createDynamoCleanupRecords } from "./adapters/dynamo/createDynamoCleanupRecords.ts";
export { createDynamoLedgerStore } from "./adapters/dynamo/createDynamoLedgerStore.ts";
export { createLedgerTable, LEDGER_TABLE } from "./adapters/dynamo/ledgerTable.ts";
export { createMemoryCleanupRecords } from "./adapters/memory/createMemoryCleanupRecords.ts";
export { createMemoryLedgerStore } from "./adapters/memory/createMemoryLedgerStore.ts";
export {
  createLedgerService,
  type LedgerService,
  type LedgerServiceDeps,
} from "./application/createLedgerService.ts";
export {
  type CleanupReport,
  createOrphanScanner,
  type OrphanReport,
  type OrphanScanner,
  type OrphanScannerDeps,
} from "./application/createOrphanScanner.ts";
export { relayOutbox } from "./application/relayOutbox.ts";
export {
  type CleanupRecord,
  type CleanupRecords,
  type CleanupRequest,
  type CleanupStatus,
  runRecordedCleanup,
} from "./application/runRecordedCleanup.ts";
export {
  DuplicateEventError,
  InvalidCursorError,
  LedgerError,
  LedgerUnavailableError,
  TenantSlotTakenError,
  VersionConflictError,
} from "./domain/errors.ts";
export { findOrphans, type InstanceSummary } from "./domain/findOrphans.ts";
export type { InstanceRecord, OperationRecord, ResourceStatus } from "./domain/instance.ts";
export { createLedgerSqsHandler } from "./handlers/createLedgerSqsHandler.ts";
export type {
  InstancePage,
  InstanceQuery,
  LedgerChange,
  LedgerStore,
  LoggedEvent,
  OutboxEntry,
  StoredInstance,
} from "./ports.ts";
