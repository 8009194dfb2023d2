import { RoutingError, type RuleSlot, type RuleSlotOwner, type RuleSlots } from "@bbws/routing";
import { AWS_FIGURES as F } from "./awsFigures.ts";
import type { TargetState } from "./ecsSim.ts";
import { awsError, type SimulatedApi } from "./simulatedApi.ts";
import { createTokenBucket } from "./tokenBucket.ts";
import { sleep } from "./virtualTime.ts";

/**
 * ELBv2: target groups (3,000 per region: TooManyTargetGroups) and their attributes, listener
 * rules (100 per ALB: TooManyRules; a used priority: PriorityInUse), the ALBs of the pool;
 * Describe*, Modify* and the other mutating calls draw from their own buckets. `targetHealth` is the
 * ALB's view, answered from the ECS simulation.
 */
export function elbApi(
  albs: readonly string[],
  targetHealth: (targetGroupArn: string) => readonly TargetState[],
) {
  const targetGroups = new Map<string, string>();
  const rules = new Map<string, Map<number, string>>();
  let seq = 0;
  const describe = createTokenBucket({
    ratePerSecond: F.elbDescribePerSecond.value,
    burst: F.elbDescribePerSecond.burst,
  });
  const mutate = createTokenBucket({
    ratePerSecond: F.elbMutatePerSecond.value,
    burst: F.elbMutatePerSecond.burst,
  });
  const modify = createTokenBucket({
    ratePerSecond: F.elbModifyPerSecond.value,
    burst: F.elbModifyPerSecond.burst,
  });
  const attributes = new Map<string, Record<string, string>>();
  const api: SimulatedApi = {
    service: "ELBv2",
    latencyMs: () => F.elbLatencyMs.value,
    bucketOf: (action) => {
      if (action.startsWith("Describe")) return { api: "ELBv2 Describe*", bucket: describe };
      if (action.startsWith("Modify")) return { api: "ELBv2 Modify*", bucket: modify };
      return { api: "ELBv2 mutating", bucket: mutate };
    },
    throttle: { name: "ThrottlingException", status: 400 },
    handlers: {
      DescribeTargetGroups({ Names }) {
        const arn = targetGroups.get(Names?.[0]);
        if (!arn) throw awsError("TargetGroupNotFoundException", "One or more target groups not found");
        return { TargetGroups: [{ TargetGroupArn: arn, TargetGroupName: Names[0] }] };
      },
      DescribeLoadBalancers: ({ LoadBalancerArns }) => ({
        LoadBalancers: (LoadBalancerArns as string[]).map((arn) => ({
          LoadBalancerArn: arn,
          DNSName: `${arn.split("/").at(-2)}.eu-west-1.elb.amazonaws.com`,
          CanonicalHostedZoneId: "Z32O12XQLNTSW2",
        })),
      }),
      CreateTargetGroup({ Name }) {
        const known = targetGroups.get(Name);
        if (known) return { TargetGroups: [{ TargetGroupArn: known }] };
        if (targetGroups.size >= F.targetGroupsPerRegion.value)
          throw awsError(
            "TooManyTargetGroupsException",
            "You've reached the limit on the number of target groups for your AWS account",
          );
        seq += 1;
        const arn = `arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/${Name}/${seq}`;
        targetGroups.set(Name, arn);
        return { TargetGroups: [{ TargetGroupArn: arn }] };
      },
      ModifyTargetGroupAttributes({ TargetGroupArn, Attributes }) {
        if (![...targetGroups.values()].includes(TargetGroupArn))
          throw awsError("TargetGroupNotFoundException", "One or more target groups not found");
        const set = { ...attributes.get(TargetGroupArn) };
        for (const { Key, Value } of Attributes) set[Key] = Value;
        attributes.set(TargetGroupArn, set);
        return { Attributes: Object.entries(set).map(([Key, Value]) => ({ Key, Value })) };
      },
      CreateRule({ ListenerArn, Priority }) {
        const listener = rules.get(ListenerArn) ?? new Map<number, string>();
        rules.set(ListenerArn, listener);
        if (listener.has(Priority)) throw awsError("PriorityInUseException", "Priority in use");
        if (listener.size >= F.albRulesPerAlb.value)
          throw awsError(
            "TooManyRulesException",
            "You've reached the limit on the number of rules per load balancer",
          );
        seq += 1;
        const arn = `${ListenerArn.replace(":listener/", ":listener-rule/")}/${seq}`;
        listener.set(Priority, arn);
        return { Rules: [{ RuleArn: arn, Priority: String(Priority) }] };
      },
      DescribeRules({ ListenerArn }) {
        return {
          Rules: [...(rules.get(ListenerArn) ?? new Map<number, string>())].map(([priority, arn]) => ({
            RuleArn: arn,
            Priority: String(priority),
          })),
        };
      },
      DescribeTargetHealth({ TargetGroupArn }) {
        return {
          TargetHealthDescriptions: targetHealth(TargetGroupArn).map((state, index) => ({
            Target: { Id: `10.0.${index}.1`, Port: 80 },
            TargetHealth:
              state === "initial"
                ? { State: "initial", Reason: "Elb.InitialHealthChecking" }
                : { State: "healthy" },
          })),
        };
      },
    },
  };
  return { api, targetGroups, rules, albs };
}

/** Route 53: ChangeResourceRecordSets at 5 requests/s per account (Throttling, 400). */
export function route53Api(): SimulatedApi {
  const bucket = createTokenBucket({
    ratePerSecond: F.route53PerSecond.value,
    burst: F.route53PerSecond.burst,
  });
  const records = new Map<string, unknown>();
  return {
    service: "Route53",
    latencyMs: () => F.route53LatencyMs.value,
    bucketOf: () => ({ api: "Route 53", bucket }),
    throttle: { name: "Throttling", status: 400 },
    handlers: {
      ChangeResourceRecordSets({ ChangeBatch }) {
        for (const change of ChangeBatch?.Changes ?? []) records.set(change.ResourceRecordSet?.Name, change);
        return { ChangeInfo: { Id: "/change/sim", Status: "PENDING" } };
      },
    },
  };
}

/**
 * The ALB pool's rule slots (the port routing's DynamoDB slot table implements): the next free
 * priority of the first ALB with room, one DynamoDB transaction each; ROUTING.CAPACITY_EXHAUSTED
 * when every ALB holds its 100 rules, as createDynamoRuleSlots answers.
 */
export function simulatedRuleSlots(
  pool: readonly { loadBalancerArn: string; listenerArn: string }[],
): RuleSlots {
  const held = new Map<string, RuleSlot>();
  const used = new Map<string, Set<number>>();
  return {
    async allocate(owner: RuleSlotOwner) {
      await sleep(F.dynamoTransactionMs.value);
      const mine = held.get(owner.instanceId);
      if (mine) return mine;
      for (const entry of pool) {
        const taken = used.get(entry.listenerArn) ?? new Set<number>();
        used.set(entry.listenerArn, taken);
        if (taken.size >= F.albRulesPerAlb.value) continue;
        let priority = 1;
        while (taken.has(priority)) priority += 1;
        taken.add(priority);
        const slot = { ...entry, priority };
        held.set(owner.instanceId, slot);
        return slot;
      }
      throw new RoutingError(
        "ROUTING.CAPACITY_EXHAUSTED",
        `every ALB of the pool is full (${pool.length} ALBs, ${pool.length * F.albRulesPerAlb.value} rule slots): add an ALB to the pool`,
        { retryable: false },
      );
    },
    async find(instanceId) {
      await sleep(F.dynamoReadMs.value);
      return held.get(instanceId) ?? null;
    },
    async release(instanceId) {
      await sleep(F.dynamoTransactionMs.value);
      const slot = held.get(instanceId) ?? null;
      if (slot) used.get(slot.listenerArn)?.delete(slot.priority);
      held.delete(instanceId);
      return slot;
    },
    async usage() {
      return pool.map((entry) => ({
        listenerArn: entry.listenerArn,
        used: used.get(entry.listenerArn)?.size ?? 0,
        capacity: F.albRulesPerAlb.value,
      }));
    },
  };
}
