import { randomUUID } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createMemoryResourceRecords } from "@bbws/mesh";
import { afterAll, beforeAll, inject } from "vitest";
import { createFakeElb } from "../../testing/fakeElb.ts";
import { describeRoutingProviderContract } from "../routingProviderContract.ts";
import { createDynamoRuleSlots } from "./createDynamoRuleSlots.ts";
import { createElbRoutingProvider } from "./createElbRoutingProvider.ts";
import { createRuleSlotTable } from "./ruleSlotTable.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `routing-contract-${randomUUID()}`;
const clock = () => new Date("2026-11-22T10:00:00.000Z");

beforeAll(() => createRuleSlotTable(dynamo, tableName));
afterAll(async () => {
  await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
  dynamo.destroy();
});

describeRoutingProviderContract("ELBv2 (stateful fake) + DynamoDB Local slots", () => {
  const elb = createFakeElb();
  const id = randomUUID();
  const pool = [0, 1].map((i) => ({
    loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/c${i}/${id}`,
    listenerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/c${i}/${id}/l${i}`,
    capacity: 3,
  }));
  const provider = createElbRoutingProvider({
    elb: elb.client,
    slots: createDynamoRuleSlots({ client: dynamo, tableName, pool, clock }),
    records: createMemoryResourceRecords(),
    vpcId: "vpc-0abc",
    clock,
  });
  return { provider, routeState: (hostname: string) => elb.stateOf(hostname) };
});
