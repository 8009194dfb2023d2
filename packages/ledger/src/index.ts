export { createDynamoCleanupRecords } from "./adapters/dynamo/createDynamoCleanupRecords.ts";
export { createDynamoLedgerStore } from "./adapters/dynamo/createDynamoLedgerStore.ts";
export { createLedgerTable, LEDGER_TABLE } from "./adapters/dynamo/ledgerTable.ts";
export { createMemoryCleanupRecords } from "./adapters/memory/createMemoryCleanupRecords.ts";
export { createMemoryLedgerStore } from "./adapters/memory/createMemoryLedgerStore.ts";
export {
  createEcsEventConsumer,
  type EcsEventConsumerDeps,
  type EcsEventOutcome,
  type ServiceTaskCounts,
} from "./application/createEcsEventConsumer.ts";
export { createHealthSweep, type HealthSweepDeps } from "./application/createHealthSweep.ts";
export {
  createLedgerService,
  type LedgerService,
  type LedgerServiceDeps,
} from "./application/createLedgerService.ts";
export {
  createOrphanScanner,
  type OrphanScanner,
  type OrphanScannerDeps,
} from "./application/createOrphanScanner.ts";
export { publishOutboxEntries, RELAY_BATCH_SIZE, relayOutbox } from "./application/relayOutbox.ts";
export { rotateDueCredentials, scheduledOperationId } from "./application/rotateDueCredentials.ts";
export { type CleanupRequest, runRecordedCleanup } from "./application/runRecordedCleanup.ts";
export { credentialRotationDue } from "./domain/credentialRotationDue.ts";
export {
  DuplicateEventError,
  InvalidCursorError,
  LedgerError,
  LedgerUnavailableError,
  TenantSlotTakenError,
  VersionConflictError,
} from "./domain/errors.ts";
export { findOrphans, type InstanceSummary } from "./domain/findOrphans.ts";
export { createLedgerSqsHandler } from "./handlers/createLedgerSqsHandler.ts";
export type { LedgerChange, LedgerStore, OutboxEntry, StoredInstance } from "./ports.ts";
// Test support for the ledger's callers (the API's tests run against the real ledger with it).
export { answerAsServices, type ServiceAnswersDeps } from "./testing/answerAsServices.ts";
