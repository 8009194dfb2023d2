import { randomUUID } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RoutingError } from "../../domain/errors.ts";
import { createDynamoRuleSlots } from "./createDynamoRuleSlots.ts";
import type { AlbPoolEntry, RuleSlot } from "./ruleSlots.ts";
import { createRuleSlotTable } from "./ruleSlotTable.ts";

const credentials = { accessKeyId: "local", secretAccessKey: "local" };
const client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), region: "eu-west-1", credentials });
const tableName = `routing-slots-${randomUUID()}`;
const clock = () => new Date("2026-11-22T10:00:00.000Z");

const albPool = (name: string, count: number, capacity?: number): AlbPoolEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/${name}-${i}/${i}`,
    listenerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/${name}-${i}/${i}/l${i}`,
    ...(capacity === undefined ? {} : { capacity }),
  }));
const owner = (n: number | string) => ({
  instanceId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  tenantId: `tenant${n}`,
  targetGroupName: `tg-tenant${n}-dev`,
});
const slotId = (slot: RuleSlot) => `${slot.listenerArn}#${slot.priority}`;

beforeAll(() => createRuleSlotTable(client, tableName));
afterAll(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

describe("createDynamoRuleSlots on DynamoDB Local", () => {
  it("gives 250 concurrent provisions distinct slots, fills ALBs in pool order, refuses the 301st", async () => {
    const pool = albPool(`full${randomUUID().slice(0, 8)}`, 3);
    const slots = createDynamoRuleSlots({ client, tableName, pool, clock });
    const first = await Promise.all(Array.from({ length: 250 }, (_, i) => slots.allocate(owner(i))));

    expect(new Set(first.map(slotId)).size).toBe(250);
    for (const slot of first) expect(slot.priority).toBeGreaterThanOrEqual(1);
    for (const slot of first) expect(slot.priority).toBeLessThanOrEqual(100);
    expect((await slots.usage()).map((listener) => listener.used)).toEqual([100, 100, 50]);
    const onThird = first.filter((slot) => slot.listenerArn === pool[2]?.listenerArn);
    expect(onThird.every((slot) => slot.loadBalancerArn === pool[2]?.loadBalancerArn)).toBe(true);

    const rest = await Promise.all(Array.from({ length: 50 }, (_, i) => slots.allocate(owner(250 + i))));
    expect(new Set([...first, ...rest].map(slotId)).size).toBe(300);
    const refused = await slots.allocate(owner(300)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RoutingError);
    expect(refused).toMatchObject({ code: "ROUTING.CAPACITY_EXHAUSTED", retryable: false });

    const freed = await slots.release(owner(17).instanceId);
    expect(freed).toEqual(first[17]);
    expect(await slots.find(owner(17).instanceId)).toBeNull();
    const reused = await slots.allocate(owner(300));
    expect(reused).toEqual(first[17]);
  }, 120_000);

  it("is idempotent per instance, also when the same instance allocates concurrently", async () => {
    const slots = createDynamoRuleSlots({
      client,
      tableName,
      pool: albPool(`idem${randomUUID()}`, 2),
      clock,
    });
    const racing = await Promise.all(Array.from({ length: 8 }, () => slots.allocate(owner("a1"))));
    expect(new Set(racing.map(slotId)).size).toBe(1);
    expect(await slots.allocate(owner("a1"))).toEqual(racing[0]);
    expect(await slots.find(owner("a1").instanceId)).toEqual(racing[0]);
    expect((await slots.usage()).map((listener) => listener.used)).toEqual([1, 0]);
  });

  it("releases safely twice and answers null for an instance holding nothing", async () => {
    const slots = createDynamoRuleSlots({
      client,
      tableName,
      pool: albPool(`rel${randomUUID()}`, 1, 2),
      clock,
    });
    const held = await slots.allocate(owner("r1"));
    expect(await slots.release(owner("r1").instanceId)).toEqual(held);
    expect(await slots.release(owner("r1").instanceId)).toBeNull();
    expect(await slots.find(owner("nobody").instanceId)).toBeNull();
    expect((await slots.usage())[0]?.used).toBe(0);
  });

  it("spills over to the next ALB as soon as one is full", async () => {
    const pool = albPool(`spill${randomUUID()}`, 2, 2);
    const slots = createDynamoRuleSlots({ client, tableName, pool, clock });
    const taken = [];
    for (const n of [1, 2, 3]) taken.push(await slots.allocate(owner(`s${n}`)));
    expect(taken.map((slot) => slot.listenerArn)).toEqual([
      pool[0]?.listenerArn,
      pool[0]?.listenerArn,
      pool[1]?.listenerArn,
    ]);
    expect(
      taken
        .slice(0, 2)
        .map((slot) => slot.priority)
        .sort(),
    ).toEqual([1, 2]);
  });

  it("keeps to each ALB's priority range, above the ALB's own rules, and counts the ranges' room", async () => {
    const [first, second] = albPool(`range${randomUUID().slice(0, 8)}`, 2);
    // The first ALB holds 10 rules of its own at 1..10: tenants get 11..15.
    const pool = [
      { ...first!, priorityOffset: 10, ownRules: 10, capacity: 5 },
      { ...second!, priorityOffset: 100, capacity: 3 },
    ];
    const slots = createDynamoRuleSlots({ client, tableName, pool, clock });
    const held = await Promise.all(Array.from({ length: 8 }, (_, i) => slots.allocate(owner(`g${i}`))));
    const prioritiesOn = (listenerArn?: string) =>
      held
        .filter((slot) => slot.listenerArn === listenerArn)
        .map((slot) => slot.priority)
        .sort((a, b) => a - b);
    expect(prioritiesOn(first?.listenerArn)).toEqual([11, 12, 13, 14, 15]);
    expect(prioritiesOn(second?.listenerArn)).toEqual([101, 102, 103]);
    expect(await slots.usage()).toEqual([
      { listenerArn: first?.listenerArn, used: 5, capacity: 5 },
      { listenerArn: second?.listenerArn, used: 3, capacity: 3 },
    ]);
    await expect(slots.allocate(owner("g8"))).rejects.toMatchObject({
      code: "ROUTING.CAPACITY_EXHAUSTED",
      message: "every ALB of the pool is full (2 ALBs, 8 rule slots): add an ALB to the pool",
    });
  });

  it("by default takes the whole quota left by the ALB's own rules, from priority offset + 1", async () => {
    const [only] = albPool(`own${randomUUID().slice(0, 8)}`, 1);
    const slots = createDynamoRuleSlots({
      client,
      tableName,
      pool: [{ ...only!, priorityOffset: 49_990, ownRules: 95 }],
      clock,
      random: () => 0,
    });
    const held = [];
    for (const n of [1, 2, 3, 4, 5]) held.push((await slots.allocate(owner(`d${n}`))).priority);
    expect(held).toEqual([49_991, 49_992, 49_993, 49_994, 49_995]);
    await expect(slots.allocate(owner("d6"))).rejects.toMatchObject({ code: "ROUTING.CAPACITY_EXHAUSTED" });
  });

  it("refuses a pool AWS could not serve", () => {
    const make = (pool: AlbPoolEntry[]) => () => createDynamoRuleSlots({ client, tableName, pool, clock });
    expect(make([])).toThrow(/holds no ALB/);
    const [one] = albPool("dup", 1);
    expect(make([one!, one!])).toThrow(/load balancer appears twice/);
    expect(make(albPool("big", 1, 50_001))).toThrow(/capacity/);
    const [alb] = albPool("ranged", 1);
    expect(make([{ ...alb!, ownRules: 20, capacity: 90 }])).toThrow(
      `invalid ALB pool: ${alb?.loadBalancerArn}: capacity 90 exceeds the ALB's rule quota: 100 rules minus its 20 own rules leaves 80`,
    );
    expect(make([{ ...alb!, priorityOffset: 49_950, capacity: 60 }])).toThrow(/go past 50000/);
  });
});
