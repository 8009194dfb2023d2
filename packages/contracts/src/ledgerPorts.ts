import type { CommandResult, LedgerCommand } from "./commands.ts";
import type {
  InstancePage,
  InstanceQuery,
  InstanceRecord,
  LoggedEvent,
  StoredOperation,
} from "./ledgerRecords.ts";

/**
 * The ledger's command side, as the API (and the TenantCreated intake) uses it: accepts or
 * rejects synchronously. `LedgerService` of @bbws/ledger implements it.
 * Throws only when the ledger cannot be reached or keeps conflicting.
 */
export interface LedgerCommands {
  handleCommand(command: LedgerCommand): Promise<CommandResult>;
}

/**
 * The ledger's read side, over its store (memory or DynamoDB): `LedgerStore` of @bbws/ledger
 * extends it. The API maps these records to its views.
 */
export interface LedgerQueries {
  get(instanceId: string): Promise<{ readonly record: InstanceRecord } | null>;
  /** Ordered by creation time; throws an error with code `LEDGER.INVALID_CURSOR` for a `startAt` it did not issue. */
  list(query: InstanceQuery): Promise<InstancePage>;
  getOperation(operationId: string): Promise<StoredOperation | null>;
  /** The instance's event log, oldest first. */
  events(instanceId: string): Promise<readonly LoggedEvent[]>;
  /**
   * A count of the store's writes, bumped by every commit before any later read: the same count
   * means the same answers. Only a store that can say it in process has it (the memory store);
   * DynamoDB, written by other processes, has none.
   */
  writeCount?(): number;
}
