import { createHash } from "node:crypto";
import { ALB_POOL_ITEM } from "@bbws/routing";
import type { SharedInfra } from "./deployConfig.ts";
import { RULE_SLOT_KEYS } from "./tables.ts";

/**
 * The ALB pool as an item of the rule-slot table, in DynamoDB JSON: routing's Lambda and the
 * orphan scan read it once per container. Lambda environment variables are 4 KB in total per
 * function and the pool takes ~240 B per ALB, so it cannot live there.
 */
export function albPoolItem(albPool: SharedInfra["albPool"]): string {
  return JSON.stringify({
    [RULE_SLOT_KEYS.partitionKey]: { S: ALB_POOL_ITEM.pk },
    [RULE_SLOT_KEYS.sortKey]: { S: ALB_POOL_ITEM.sk },
    [ALB_POOL_ITEM.attribute]: { S: JSON.stringify(albPool) },
  });
}

/**
 * A digest of the pool for the functions that read it (`BBWS_ALB_POOL_VERSION`): they keep the
 * pool for a container's life, so a changed pool must change their configuration, which makes
 * Lambda start fresh containers.
 */
export function albPoolVersion(albPool: SharedInfra["albPool"]): string {
  return createHash("sha256").update(JSON.stringify(albPool)).digest("hex").slice(0, 16);
}
