import { LEDGER_TABLE } from "@bbws/ledger";
import { RESOURCE_TABLE } from "@bbws/mesh";
import { ALB_POOL_ITEM, RULE_SLOT_TABLE } from "@bbws/routing";
import { describe, expect, it } from "vitest";
import { ALB_POOL_KEYS } from "../../infra/albPoolItem.ts";
import { ledgerTableSpec, RULE_SLOT_KEYS, recordsTableSpec, slotTableSpec } from "../../infra/tables.ts";

/** The deployed tables are the shapes the packages query (the ones their tests create on DynamoDB Local). */
describe("tables", () => {
  it("ledger: same keys, the five GSIs with their projections, NEW_IMAGE stream, TTL on the inbox attribute", () => {
    const spec = ledgerTableSpec();
    expect([spec.hashKey, spec.rangeKey]).toEqual(LEDGER_TABLE.KeySchema.map((key) => key.AttributeName));
    expect(
      spec.globalSecondaryIndexes?.map((index) => [index.name, index.projectionType, index.nonKeyAttributes]),
    ).toEqual(
      LEDGER_TABLE.GlobalSecondaryIndexes.map((index) => [
        index.IndexName,
        index.Projection?.ProjectionType,
        index.Projection?.NonKeyAttributes,
      ]),
    );
    expect(spec).toMatchObject({
      streamEnabled: true,
      streamViewType: "NEW_IMAGE",
      ttl: { attributeName: "expiresAt" },
    });
  });

  it("rule slots: the keys @bbws/routing uses", () => {
    expect(RULE_SLOT_KEYS).toEqual(RULE_SLOT_TABLE);
    expect(slotTableSpec()).toMatchObject({ hashKey: "pk", rangeKey: "sk" });
  });

  it("resource records: keyed by `key`, the byInstance index", () => {
    expect(recordsTableSpec()).toMatchObject({
      hashKey: RESOURCE_TABLE.partitionKey,
      globalSecondaryIndexes: [
        { name: RESOURCE_TABLE.instanceIndex.name, hashKey: RESOURCE_TABLE.instanceIndex.partitionKey },
      ],
    });
  });
});

describe("the ALB pool item", () => {
  it("is where @bbws/routing reads it", () => {
    expect(ALB_POOL_KEYS).toEqual(ALB_POOL_ITEM);
  });
});
