import type { SharedInfra } from "./deployConfig.ts";
import { RULE_SLOT_KEYS } from "./tables.ts";

/**
 * `ALB_POOL_ITEM` of @bbws/routing, restated for the reason RULE_SLOT_KEYS is (infra/tables.ts);
 * the wiring test asserts the two are equal.
 */
export const ALB_POOL_KEYS = { pk: "CONFIG#ALB_POOL", sk: "CONFIG", attribute: "pool" } as const;

/**
 * The ALB pool as an item of the rule-slot table, in DynamoDB JSON: routing's Lambda and the
 * orphan scan read it once per container. Lambda environment variables are 4 KB in total per
 * function and the pool takes ~240 B per ALB, so it cannot live there.
 */
export function albPoolItem(albPool: SharedInfra["albPool"]): string {
  return JSON.stringify({
    [RULE_SLOT_KEYS.partitionKey]: { S: ALB_POOL_KEYS.pk },
    [RULE_SLOT_KEYS.sortKey]: { S: ALB_POOL_KEYS.sk },
    [ALB_POOL_KEYS.attribute]: { S: JSON.stringify(albPool) },
  });
}
