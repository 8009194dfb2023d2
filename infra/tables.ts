import { IDEMPOTENCY_TABLE } from "@bbws/api";
import { LEDGER_TABLE } from "@bbws/ledger";
import { RESOURCE_TABLE } from "@bbws/mesh";

/**
 * The deployment's DynamoDB tables, translated from the shapes the packages export (the ones
 * their tests create on DynamoDB Local) into the arguments of Pulumi's `aws.dynamodb.Table`,
 * so the deployed tables cannot drift from what the code queries.
 */
export interface TableSpec {
  readonly billingMode: "PAY_PER_REQUEST";
  readonly hashKey: string;
  readonly rangeKey?: string;
  readonly attributes: { name: string; type: "S" }[];
  readonly globalSecondaryIndexes?: {
    name: string;
    hashKey: string;
    rangeKey?: string;
    projectionType: string;
    nonKeyAttributes?: string[];
  }[];
  readonly streamEnabled?: boolean;
  readonly streamViewType?: string;
  readonly ttl?: { attributeName: string; enabled: boolean };
  readonly pointInTimeRecovery: { enabled: boolean };
}

/**
 * `LEDGER_TTL_ATTRIBUTE` and `IDEMPOTENCY_TTL_ATTRIBUTE` are not exported by the package
 * barrels; both are `expiresAt` (ledgerTable.ts, idempotencyTable.ts).
 */
export const TTL_ATTRIBUTE = "expiresAt";

const key = (KeySchema: readonly { AttributeName?: string; KeyType?: string }[], type: "HASH" | "RANGE") =>
  KeySchema.find((element) => element.KeyType === type)?.AttributeName;

export function ledgerTableSpec(): TableSpec {
  const hashKey = key(LEDGER_TABLE.KeySchema, "HASH");
  if (!hashKey) throw new Error("LEDGER_TABLE has no partition key");
  const rangeKey = key(LEDGER_TABLE.KeySchema, "RANGE");
  return {
    billingMode: "PAY_PER_REQUEST",
    hashKey,
    ...(rangeKey ? { rangeKey } : {}),
    attributes: LEDGER_TABLE.AttributeDefinitions.map((attribute) => ({
      name: attribute.AttributeName ?? "",
      type: "S" as const,
    })),
    globalSecondaryIndexes: LEDGER_TABLE.GlobalSecondaryIndexes.map((index) => {
      const indexRange = key(index.KeySchema ?? [], "RANGE");
      return {
        name: index.IndexName ?? "",
        hashKey: key(index.KeySchema ?? [], "HASH") ?? "",
        ...(indexRange ? { rangeKey: indexRange } : {}),
        projectionType: index.Projection?.ProjectionType ?? "ALL",
        ...(index.Projection?.NonKeyAttributes
          ? { nonKeyAttributes: [...index.Projection.NonKeyAttributes] }
          : {}),
      };
    }),
    streamEnabled: LEDGER_TABLE.StreamSpecification.StreamEnabled ?? false,
    ...(LEDGER_TABLE.StreamSpecification.StreamViewType
      ? { streamViewType: LEDGER_TABLE.StreamSpecification.StreamViewType }
      : {}),
    // Only inbox items carry the attribute: they expire after 35 days, nothing else does.
    ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
    pointInTimeRecovery: { enabled: true },
  };
}

/**
 * `RULE_SLOT_TABLE` of @bbws/routing, restated: importing that barrel here would type-check
 * routing's sources under tsconfig.sst.json, which lacks `noUncheckedIndexedAccess` and so
 * rejects code that is correct under the repository's settings. The wiring test asserts the
 * two are equal.
 */
export const RULE_SLOT_KEYS = { partitionKey: "pk", sortKey: "sk" } as const;

export function slotTableSpec(): TableSpec {
  return {
    billingMode: "PAY_PER_REQUEST",
    hashKey: RULE_SLOT_KEYS.partitionKey,
    rangeKey: RULE_SLOT_KEYS.sortKey,
    attributes: [
      { name: RULE_SLOT_KEYS.partitionKey, type: "S" },
      { name: RULE_SLOT_KEYS.sortKey, type: "S" },
    ],
    pointInTimeRecovery: { enabled: true },
  };
}

/** Resource records, and storage's uid claims (keyed by `key` as well). */
export function recordsTableSpec(): TableSpec {
  const index = RESOURCE_TABLE.instanceIndex;
  return {
    billingMode: "PAY_PER_REQUEST",
    hashKey: RESOURCE_TABLE.partitionKey,
    attributes: [
      { name: RESOURCE_TABLE.partitionKey, type: "S" },
      { name: index.partitionKey, type: "S" },
    ],
    // listByInstance decodes the whole record, so the index projects everything.
    globalSecondaryIndexes: [{ name: index.name, hashKey: index.partitionKey, projectionType: "ALL" }],
    pointInTimeRecovery: { enabled: true },
  };
}

export function idempotencyTableSpec(): TableSpec {
  const hashKey = key(IDEMPOTENCY_TABLE.KeySchema, "HASH");
  if (!hashKey) throw new Error("IDEMPOTENCY_TABLE has no partition key");
  return {
    billingMode: "PAY_PER_REQUEST",
    hashKey,
    attributes: IDEMPOTENCY_TABLE.AttributeDefinitions.map((attribute) => ({
      name: attribute.AttributeName,
      type: "S" as const,
    })),
    ttl: { attributeName: TTL_ATTRIBUTE, enabled: true },
    pointInTimeRecovery: { enabled: false },
  };
}
