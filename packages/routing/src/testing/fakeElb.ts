import {
  type Action,
  CreateRuleCommand,
  type CreateRuleInput,
  CreateTargetGroupCommand,
  type CreateTargetGroupInput,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2Client,
  InvalidConfigurationRequestException,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  type ModifyTargetGroupAttributesInput,
  PriorityInUseException,
  ResourceInUseException,
  type Rule,
  RuleNotFoundException,
  TargetGroupNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { DEREGISTRATION_DELAY_RANGE } from "../domain/deregistrationDelay.ts";

const ARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333";
const meta = { $metadata: {} };

/** ELB's target group attributes routing may set, with AWS's range (others are refused). */
const ATTRIBUTE_RANGES: Record<string, { readonly min: number; readonly max: number }> = {
  "deregistration_delay.timeout_seconds": DEREGISTRATION_DELAY_RANGE,
};

/**
 * A tiny stateful ELBv2 behind aws-sdk-client-mock, for the contract suite: target groups
 * by name (with their attributes), rules by listener and priority, and the errors routing relies on.
 */
export function createFakeElb() {
  const client = new ElasticLoadBalancingV2Client({ region: "eu-west-1" });
  const mock = mockClient(client);
  const groups = new Map<string, { arn: string; settings: string; attributes: Record<string, string> }>();
  const rules = new Map<string, Rule & { ListenerArn: string }>();
  let sequence = 0;

  const settingsOf = ({ Tags: _tags, ...input }: CreateTargetGroupInput) => JSON.stringify(input);
  const ruleAt = (listenerArn: string, priority: string) =>
    [...rules.values()].find((rule) => rule.ListenerArn === listenerArn && rule.Priority === priority);

  mock.on(CreateTargetGroupCommand).callsFake((input: CreateTargetGroupInput) => {
    const name = input.Name ?? "";
    const existing = groups.get(name);
    if (existing && existing.settings !== settingsOf(input))
      throw new DuplicateTargetGroupNameException({ message: `${name} exists`, ...meta });
    const group = existing ?? {
      arn: `${ARN}:targetgroup/${name}/${++sequence}`,
      settings: settingsOf(input),
      attributes: {},
    };
    groups.set(name, group);
    return { TargetGroups: [{ TargetGroupName: name, TargetGroupArn: group.arn }] };
  });
  mock.on(DescribeTargetGroupsCommand).callsFake((input: { Names?: string[] }) => {
    const found = (input.Names ?? []).flatMap((name) => {
      const group = groups.get(name);
      return group ? [{ TargetGroupName: name, TargetGroupArn: group.arn }] : [];
    });
    if (found.length === 0) throw new TargetGroupNotFoundException({ message: "not found", ...meta });
    return { TargetGroups: found };
  });
  mock.on(ModifyTargetGroupAttributesCommand).callsFake((input: ModifyTargetGroupAttributesInput) => {
    const group = [...groups.values()].find((candidate) => candidate.arn === input.TargetGroupArn);
    if (!group) throw new TargetGroupNotFoundException({ message: "not found", ...meta });
    for (const { Key = "", Value = "" } of input.Attributes ?? []) {
      const range = ATTRIBUTE_RANGES[Key];
      if (!range || !/^\d+$/.test(Value) || +Value < range.min || +Value > range.max)
        throw new InvalidConfigurationRequestException({ message: `${Key}=${Value}`, ...meta });
      group.attributes[Key] = Value;
    }
    return { Attributes: Object.entries(group.attributes).map(([Key, Value]) => ({ Key, Value })) };
  });
  mock.on(DeleteTargetGroupCommand).callsFake((input: { TargetGroupArn: string }) => {
    const entry = [...groups.entries()].find(([, group]) => group.arn === input.TargetGroupArn);
    if (!entry) throw new TargetGroupNotFoundException({ message: "not found", ...meta });
    const used = [...rules.values()].some((rule) =>
      rule.Actions?.some((action) => action.TargetGroupArn === input.TargetGroupArn),
    );
    if (used) throw new ResourceInUseException({ message: "in use by a rule", ...meta });
    groups.delete(entry[0]);
    return {};
  });
  mock.on(CreateRuleCommand).callsFake((input: CreateRuleInput) => {
    const listenerArn = input.ListenerArn ?? "";
    if (ruleAt(listenerArn, String(input.Priority)))
      throw new PriorityInUseException({ message: "priority in use", ...meta });
    const rule = {
      RuleArn: `${listenerArn.replace(":listener/", ":listener-rule/")}/r${++sequence}`,
      ListenerArn: listenerArn,
      Priority: String(input.Priority),
      Conditions: input.Conditions,
      Actions: input.Actions,
    };
    rules.set(rule.RuleArn, rule);
    return { Rules: [rule] };
  });
  mock.on(DescribeLoadBalancersCommand).callsFake((input: { LoadBalancerArns?: string[] }) => ({
    LoadBalancers: (input.LoadBalancerArns ?? []).map((arn) => ({
      LoadBalancerArn: arn,
      DNSName: `${arn.split("/")[2]}-1234.eu-west-1.elb.amazonaws.com`,
      CanonicalHostedZoneId: "Z32O12XQLNTSW2",
    })),
  }));
  mock.on(DescribeRulesCommand).callsFake((input: { ListenerArn: string }) => ({
    Rules: [...rules.values()].filter((rule) => rule.ListenerArn === input.ListenerArn),
  }));
  mock.on(ModifyRuleCommand).callsFake((input: { RuleArn: string; Actions: Action[] }) => {
    const rule = rules.get(input.RuleArn);
    if (!rule) throw new RuleNotFoundException({ message: "no rule", ...meta });
    rules.set(input.RuleArn, { ...rule, Actions: input.Actions });
    return { Rules: [rules.get(input.RuleArn)] };
  });
  mock.on(DeleteRuleCommand).callsFake((input: { RuleArn: string }) => {
    if (!rules.delete(input.RuleArn)) throw new RuleNotFoundException({ message: "no rule", ...meta });
    return {};
  });

  return {
    client,
    groups: () => [...groups.keys()],
    /** The attributes set on a group since it was created (ELB's defaults are not listed). */
    attributesOf: (name: string) => groups.get(name)?.attributes,
    rules: () => [...rules.values()],
    /** What the ALB does with a request for this host. */
    stateOf(hostname: string): "forwarding" | "maintenance" | "absent" {
      const rule = [...rules.values()].find((candidate) =>
        candidate.Conditions?.some((condition) => condition.HostHeaderConfig?.Values?.includes(hostname)),
      );
      if (!rule) return "absent";
      return rule.Actions?.[0]?.Type === "fixed-response" ? "maintenance" : "forwarding";
    },
  };
}

export type FakeElb = ReturnType<typeof createFakeElb>;
