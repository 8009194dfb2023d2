import { DynamoDBClient, GetItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ALB_POOL_ITEM } from "../adapters/aws/albPoolItem.ts";
import { createPooledRuleSlots } from "./createPooledRuleSlots.ts";

const client = new DynamoDBClient({ region: "eu-west-1" });
const dynamo = mockClient(client);
const LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/bbws-1/1/2";
const pool = [
  {
    loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/bbws-1/1",
    listenerArn: LISTENER,
  },
];
const item = (value: string) => ({
  Item: { pk: { S: ALB_POOL_ITEM.pk }, sk: { S: ALB_POOL_ITEM.sk }, pool: { S: value } },
});
const slots = () => createPooledRuleSlots({ client, tableName: "slots", clock: () => new Date(0) });

beforeEach(() => {
  dynamo.reset();
  dynamo.on(QueryCommand).resolves({ Items: [] });
});

describe("createPooledRuleSlots", () => {
  it("reads the pool item once per container, consistently, then serves from it", async () => {
    dynamo.on(GetItemCommand).resolves(item(JSON.stringify(pool)));
    const pooled = slots();
    expect(await pooled.usage()).toEqual([{ listenerArn: LISTENER, used: 0, capacity: 100 }]);
    expect(await pooled.usage()).toHaveLength(1);
    expect(dynamo.commandCalls(GetItemCommand).map((call) => call.args[0].input)).toEqual([
      {
        TableName: "slots",
        Key: { pk: { S: "CONFIG#ALB_POOL" }, sk: { S: "CONFIG" } },
        ConsistentRead: true,
      },
    ]);
  });

  it("says what to do when the deploy wrote no pool, and reads again on the next call", async () => {
    dynamo
      .on(GetItemCommand)
      .resolvesOnce({})
      .resolves(item(JSON.stringify(pool)));
    const pooled = slots();
    await expect(pooled.usage()).rejects.toMatchObject({
      code: "ROUTING.INVALID_CONFIG",
      retryable: false,
      message: expect.stringMatching(/no ALB pool in slots .*deploy the stage/),
    });
    expect(await pooled.usage()).toHaveLength(1);
    expect(dynamo.commandCalls(GetItemCommand)).toHaveLength(2);
  });

  it("refuses a pool that is not JSON or not a pool, naming the table", async () => {
    dynamo.on(GetItemCommand).resolves(item("[{"));
    await expect(slots().usage()).rejects.toThrow(/the ALB pool in slots .* is not JSON/);
    dynamo.on(GetItemCommand).resolves(item(JSON.stringify([{ listenerArn: LISTENER }])));
    await expect(slots().find("i-1")).rejects.toThrow(
      /the ALB pool in slots is invalid:[\s\S]*loadBalancerArn/,
    );
  });
});
