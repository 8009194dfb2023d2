import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { z } from "zod";
import { readAlbPoolItem } from "../adapters/aws/albPoolItem.ts";
import { createDynamoRuleSlots } from "../adapters/aws/createDynamoRuleSlots.ts";
import type { RuleSlots } from "../adapters/aws/ruleSlots.ts";
import { ROUTING_CODES, RoutingError } from "../domain/errors.ts";
import { AlbPoolSchema } from "./routingConfig.ts";

/**
 * The rule slots over the ALB pool stored in the slot table: the pool is read on first use and
 * kept for the container's life (a deploy that changes it also changes the functions'
 * `BBWS_ALB_POOL_VERSION`, so Lambda starts new containers); a failed read
 * is tried again on the next call. Routing's Lambda and the orphan scan build their slots here.
 */
export function createPooledRuleSlots(input: {
  client: DynamoDBClient;
  tableName: string;
  clock: () => Date;
}): RuleSlots {
  let slots: Promise<RuleSlots> | undefined;
  const ready = (): Promise<RuleSlots> => {
    slots ??= build(input).catch((error: unknown) => {
      slots = undefined;
      throw error;
    });
    return slots;
  };
  return {
    allocate: async (owner) => (await ready()).allocate(owner),
    find: async (instanceId) => (await ready()).find(instanceId),
    release: async (instanceId) => (await ready()).release(instanceId),
    usage: async () => (await ready()).usage(),
  };
}

async function build(input: { client: DynamoDBClient; tableName: string; clock: () => Date }) {
  const parsed = AlbPoolSchema.safeParse(await readAlbPoolItem(input));
  if (!parsed.success)
    throw new RoutingError(
      ROUTING_CODES.invalidConfig,
      `the ALB pool in ${input.tableName} is invalid: ${z.prettifyError(parsed.error)}`,
      { retryable: false },
    );
  return createDynamoRuleSlots({
    client: input.client,
    tableName: input.tableName,
    pool: parsed.data,
    clock: input.clock,
  });
}
