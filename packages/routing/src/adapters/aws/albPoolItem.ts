import { type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ROUTING_CODES, RoutingError } from "../../domain/errors.ts";

/**
 * The ALB pool as one item of the rule-slot table, written by the deploy (infra/albPoolItem.ts)
 * and read once per container. A DynamoDB item holds 400 KB: about 1,600 ALBs.
 * Its pk shares no prefix with the slots (LISTENER#) or owners (OWNER#).
 */
export const ALB_POOL_ITEM = { pk: "CONFIG#ALB_POOL", sk: "CONFIG", attribute: "pool" } as const;

/** The item's `pool` attribute, parsed from JSON; shape checks are the caller's (handlers/routingConfig.ts). */
export async function readAlbPoolItem(input: {
  client: DynamoDBClient;
  tableName: string;
}): Promise<unknown> {
  const answer = await input.client.send(
    new GetItemCommand({
      TableName: input.tableName,
      Key: { pk: { S: ALB_POOL_ITEM.pk }, sk: { S: ALB_POOL_ITEM.sk } },
      ConsistentRead: true,
    }),
  );
  const text = answer.Item?.[ALB_POOL_ITEM.attribute]?.S;
  const where = `${input.tableName} (pk ${ALB_POOL_ITEM.pk}, sk ${ALB_POOL_ITEM.sk})`;
  if (text === undefined)
    throw new RoutingError(
      ROUTING_CODES.invalidConfig,
      `no ALB pool in ${where}: deploy the stage (sst.config.ts writes BBWS_SHARED_INFRA.albPool there)`,
      { retryable: false },
    );
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RoutingError(ROUTING_CODES.invalidConfig, `the ALB pool in ${where} is not JSON`, {
      retryable: false,
      cause: error,
    });
  }
}
