/**
 * The ledger's single DynamoDB table.
 *
 * Items (pk / sk):
 * - instance state  INSTANCE#{instanceId} / STATE: version, record (JSON), state, environment,
 *                   gsi1..gsi3 always, gsi4 only while the operation is PENDING or IN_PROGRESS.
 * - event log       INSTANCE#{instanceId} / EVENT#{occurredAt}#{eventId}: event (JSON), loggedAt.
 *                   The incoming event's entry is put only if new: the inbox of an existing instance.
 * - operation       OPERATION#{operationId} / OPERATION: operation (JSON), instanceId; written
 *                   by the commits that change the operation.
 * - inbox           INBOX#{eventId} / INBOX: expiresAt (TTL, epoch seconds); only for an event
 *                   that creates an instance (TenantCreated: a new instance id each delivery).
 * - outbox          OUTBOX#{eventId} / OUTBOX: event (JSON), gsi5.
 * - tenant slot     SLOT#{tenantId}#{environment} / SLOT: instanceId.
 * - orphan cleanup  CLEANUP#{cleanupId} / CLEANUP: record (JSON), expiresAt (TTL, 30 days).
 *
 * Indexes:
 * - byTenant  gsi1pk = TENANT#{tenantId}, gsi1sk = {createdAt}#{instanceId}
 * - byState   gsi2pk = STATE#{state},     gsi2sk = {createdAt}#{instanceId}
 * - all       gsi3pk = INSTANCES,         gsi3sk = {createdAt}#{instanceId}
 * - overdue   gsi4pk = OPEN,              gsi4sk = {deadlineAt}#{instanceId}   (sparse)
 * - outbox    gsi5pk = OUTBOX,            gsi5sk = {occurredAt}#{eventId}      (sparse)
 *
 * `all`, `overdue` and `outbox` put every item in one index partition. A partition serves
 * about 1,000 writes and 3,000 reads per second, far above a ledger of thousands of
 * instances; shard the partition key (INSTANCES#0..n) if that ever changes.
 *
 * The record, operation and events are JSON strings, not DynamoDB maps: they round-trip
 * exactly (marshall turns numbers into strings and back, drops undefined, rejects class
 * instances and empty sets), the store never queries inside them (what it queries is
 * copied into top-level attributes), and they cost about the same bytes as a map, whose
 * nested attribute names also count towards the 400 KB item limit.
 *
 * GSIs are eventually consistent: `list`, `listOverdue` and `pendingOutbox` may miss a
 * commit of the last few milliseconds or still return an outbox entry just published.
 *
 * Streams (NEW_IMAGE) feed the AWS outbox relay: a Pipe filtered on INSERTs with
 * sk = OUTBOX publishes to the bus. TTL on `expiresAt` is only set on inbox items and cleanup records.
 */
import {
  type AttributeDefinition,
  type BillingMode,
  CreateTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type StreamSpecification,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from "@aws-sdk/client-dynamodb";

export interface LedgerIndex {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export const LEDGER_INDEXES = {
  byTenant: { indexName: "byTenant", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  byState: { indexName: "byState", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  all: { indexName: "all", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  overdue: { indexName: "overdue", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
  outbox: { indexName: "outbox", partitionKey: "gsi5pk", sortKey: "gsi5sk" },
} as const satisfies Record<string, LedgerIndex>;

export const LEDGER_TTL_ATTRIBUTE = "expiresAt";

export interface LedgerTableDefinition {
  readonly KeySchema: KeySchemaElement[];
  readonly AttributeDefinitions: AttributeDefinition[];
  readonly GlobalSecondaryIndexes: GlobalSecondaryIndex[];
  readonly BillingMode: BillingMode;
  readonly StreamSpecification: StreamSpecification;
}

/** Only the attributes a query reads or filters on are projected (base keys always are). */
const LISTED_ATTRIBUTES = ["record", "state", "environment"];

function globalIndex(index: LedgerIndex, projected: string[]): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: "HASH" },
      { AttributeName: index.sortKey, KeyType: "RANGE" },
    ],
    Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: projected },
  };
}

const indexes = Object.values(LEDGER_INDEXES);

export const LEDGER_TABLE: LedgerTableDefinition = {
  KeySchema: [
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ],
  AttributeDefinitions: ["pk", "sk", ...indexes.flatMap((index) => [index.partitionKey, index.sortKey])].map(
    (name) => ({ AttributeName: name, AttributeType: "S" }),
  ),
  GlobalSecondaryIndexes: [
    globalIndex(LEDGER_INDEXES.byTenant, LISTED_ATTRIBUTES),
    globalIndex(LEDGER_INDEXES.byState, LISTED_ATTRIBUTES),
    globalIndex(LEDGER_INDEXES.all, LISTED_ATTRIBUTES),
    globalIndex(LEDGER_INDEXES.overdue, ["instanceId"]),
    globalIndex(LEDGER_INDEXES.outbox, ["eventId", "event"]),
  ],
  BillingMode: "PAY_PER_REQUEST",
  StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
};

/** Creates the table, waits until it is ACTIVE (TTL cannot be set before), then enables TTL. */
export async function createLedgerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(new CreateTableCommand({ TableName: tableName, ...LEDGER_TABLE }));
  await waitUntilTableExists({ client, minDelay: 1, maxWaitTime: 300 }, { TableName: tableName });
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: LEDGER_TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
