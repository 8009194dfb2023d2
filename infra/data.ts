import { albPoolItem } from "./albPoolItem.ts";
import type { SharedInfra } from "./deployConfig.ts";
import {
  idempotencyTableSpec,
  ledgerTableSpec,
  RULE_SLOT_KEYS,
  recordsTableSpec,
  slotTableSpec,
} from "./tables.ts";

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

/** The ALB pool, where routing's Lambda and the orphan scan read it (infra/albPoolItem.ts). */
export function createAlbPoolItem(input: { albPool: SharedInfra["albPool"]; slotTable: aws.dynamodb.Table }) {
  return new aws.dynamodb.TableItem("AlbPool", {
    tableName: input.slotTable.name,
    hashKey: RULE_SLOT_KEYS.partitionKey,
    rangeKey: RULE_SLOT_KEYS.sortKey,
    item: albPoolItem(input.albPool),
  });
}
