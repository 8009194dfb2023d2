import { randomUUID } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { CreateRuleCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import { buildInstanceSpec } from "@bbws/contracts";
import { createMemoryResourceRecords } from "@bbws/mesh";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createFakeElb } from "../../testing/fakeElb.ts";
import { createRoutingDriver } from "../../testing/routingDriver.ts";
import { createDynamoRuleSlots } from "./createDynamoRuleSlots.ts";
import { createElbRoutingProvider } from "./createElbRoutingProvider.ts";
import type { AlbPoolEntry } from "./ruleSlots.ts";
import { createRuleSlotTable } from "./ruleSlotTable.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const dynamo = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `routing-ranges-${randomUUID()}`;
const clock = () => new Date("2026-11-22T10:00:00.000Z");
const defaults = { wordpress: { version: "6.4", image: "wordpress:6.4" }, baseDomain: "sites.example.com" };

beforeAll(() => createRuleSlotTable(dynamo, tableName));
afterAll(async () => {
  await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
  dynamo.destroy();
});

/** An ALB that already holds 10 rules of its own at priorities 1..10, and routing on it. */
async function albWithOwnRules(settings: Omit<AlbPoolEntry, "loadBalancerArn" | "listenerArn">) {
  const elb = createFakeElb();
  const id = randomUUID();
  const entry = {
    loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/own/${id}`,
    listenerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/own/${id}/l0`,
  };
  for (let priority = 1; priority <= 10; priority += 1)
    await elb.client.send(
      new CreateRuleCommand({
        ListenerArn: entry.listenerArn,
        Priority: priority,
        Conditions: [{ Field: "path-pattern", PathPatternConfig: { Values: [`/own-${priority}`] } }],
        Actions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "200" } }],
      }),
    );
  const provider = createRoutingDriver(
    createElbRoutingProvider({
      elb: elb.client,
      // The lowest free priority first: deterministic.
      slots: createDynamoRuleSlots({
        client: dynamo,
        tableName,
        pool: [{ ...entry, ...settings }],
        clock,
        random: () => 0,
      }),
      records: createMemoryResourceRecords(),
      vpcId: "vpc-0abc",
      clock,
    }),
  );
  const provision = (n: number) => {
    const tenantId = `own${id.slice(0, 6)}${n}`;
    return provider.ensureRoute(
      { instanceId: randomUUID(), tenantId, environment: "dev" },
      buildInstanceSpec({ tenantId, environment: "dev" }, defaults),
    );
  };
  const tenantPriorities = () =>
    elb
      .rules()
      .filter((rule) => rule.Conditions?.some((condition) => condition.Field === "host-header"))
      .map((rule) => Number(rule.Priority))
      .sort((a, b) => a - b);
  return { provision, tenantPriorities };
}

describe("an ALB with rules of its own: tenants' rules never collide with them (PriorityInUse)", () => {
  it("with a range above its rules, every tenant is routed, at 11..15, and the 6th is refused as full", async () => {
    const alb = await albWithOwnRules({ priorityOffset: 10, ownRules: 10, capacity: 5 });
    for (const n of [1, 2, 3, 4, 5]) await alb.provision(n);
    expect(alb.tenantPriorities()).toEqual([11, 12, 13, 14, 15]);
    await expect(alb.provision(6)).rejects.toMatchObject({ code: "ROUTING.CAPACITY_EXHAUSTED" });
  });

  it("without one, the allocator hands out the ALB's own priority 1 and the provision fails", async () => {
    const alb = await albWithOwnRules({ ownRules: 10, capacity: 12 });
    await expect(alb.provision(1)).rejects.toMatchObject({ code: "ROUTING.PRIORITY_CONFLICT" });
    expect(alb.tenantPriorities()).toEqual([]);
  });
});
