import { idempotencyTableSpec, ledgerTableSpec, recordsTableSpec, slotTableSpec } from "./tables.ts";

/**
 * The control plane's state, in the deploying account: the ledger (state, event log, inbox,
 * outbox; its stream feeds the outbox Pipe), the routing slot table, the resource records
 * (also storage's uid claims), the API's idempotency keys, and the archive bucket.
 */
export function createData() {
  const ledgerTable = new aws.dynamodb.Table("LedgerTable", ledgerTableSpec());
  const recordsTable = new aws.dynamodb.Table("ResourceRecordsTable", recordsTableSpec());
  const slotTable = new aws.dynamodb.Table("RuleSlotTable", slotTableSpec());
  const idempotencyTable = new aws.dynamodb.Table("IdempotencyTable", idempotencyTableSpec());
  // Tenants' final archives: versioned so a verified archive cannot be silently replaced.
  const archives = new sst.aws.Bucket("Archives", { versioning: true });
  return { ledgerTable, recordsTable, slotTable, idempotencyTable, archives };
}

export type Data = ReturnType<typeof createData>;
