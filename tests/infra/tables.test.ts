import { LEDGER_TABLE } from "@bbws/ledger";
import { RESOURCE_TABLE } from "@bbws/mesh";
import { RULE_SLOT_TABLE } from "@bbws/routing";
import { describe, expect, it } from "vitest";
import { albPoolVersion } from "../../infra/albPoolItem.ts";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { lambdaEnvironment } from "../../infra/functions.ts";
import { ledgerTableSpec, RULE_SLOT_KEYS, recordsTableSpec, slotTableSpec } from "../../infra/tables.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";

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
  // Its readers keep the pool for a container's life: a changed pool must change their configuration.
  it("gives its readers a version that changes with the pool", () => {
    const config = loadDeployConfig(DEPLOY_ENV, "dev");
    const pool = config.infra.albPool;
    const names = {
      busName: "b",
      recordsTable: "r",
      slotTable: "s",
      ledgerTable: "l",
      idempotencyTable: "i",
      archiveBucket: "a",
    };
    for (const reader of ["routing", "orphanScan"] as const)
      expect(lambdaEnvironment(reader, config, names).BBWS_ALB_POOL_VERSION).toBe(albPoolVersion(pool));
    const resized = pool.map((alb) => ({ ...alb, capacity: 50 }));
    expect(albPoolVersion(resized)).not.toBe(albPoolVersion(pool));
    expect(albPoolVersion(structuredClone(pool))).toBe(albPoolVersion(pool));
  });
});
