import {
  type Action,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  ModifyRuleCommand,
  ModifyTargetGroupAttributesCommand,
  type Rule,
  type Tag,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { RoutingError } from "../../domain/errors.ts";
import type { HealthCheckSettings } from "../../domain/healthCheck.ts";
import { callElb, unwrap } from "./elbCall.ts";
import type { AliasTarget } from "./route53Calls.ts";
import { forwardAction } from "./ruleActions.ts";
import type { RuleSlot } from "./ruleSlots.ts";

/** The target group attribute routing sets (domain/deregistrationDelay.ts holds the value). */
const DEREGISTRATION_DELAY_KEY = "deregistration_delay.timeout_seconds";

/** The ELBv2 calls routing makes, each mapped to RoutingError (the SDK client retries throttling). */
export function createElbCalls(elb: ElasticLoadBalancingV2Client) {
  async function findTargetGroup(name: string): Promise<string | null> {
    const found = await callElb(
      "DescribeTargetGroups",
      () => elb.send(new DescribeTargetGroupsCommand({ Names: [name] })),
      /^TargetGroupNotFound/,
    );
    return found.ok ? (found.value.TargetGroups?.[0]?.TargetGroupArn ?? null) : null;
  }

  return {
    findTargetGroup,
    /** The ALB's DNS name and canonical hosted zone: what a tenant's alias record points at. */
    async describeLoadBalancer(loadBalancerArn: string): Promise<AliasTarget> {
      const page = unwrap(
        await callElb("DescribeLoadBalancers", () =>
          elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [loadBalancerArn] })),
        ),
      );
      const alb = page.LoadBalancers?.[0];
      if (!alb?.DNSName || !alb.CanonicalHostedZoneId)
        throw new RoutingError("ROUTING.ELB_UNAVAILABLE", `no DNS name for ${loadBalancerArn}`, {
          retryable: true,
        });
      return { dnsName: alb.DNSName, canonicalHostedZoneId: alb.CanonicalHostedZoneId };
    },
    /** Idempotent by name: AWS returns the existing group when the settings are the same. */
    async createTargetGroup(input: {
      name: string;
      vpcId: string;
      health: HealthCheckSettings;
      tags: Tag[];
    }) {
      const { name, vpcId, health, tags } = input;
      const created = await callElb(
        "CreateTargetGroup",
        () =>
          elb.send(
            new CreateTargetGroupCommand({
              Name: name,
              Protocol: "HTTP",
              ProtocolVersion: "HTTP1",
              Port: 80,
              VpcId: vpcId,
              TargetType: "ip",
              HealthCheckEnabled: true,
              HealthCheckProtocol: "HTTP",
              HealthCheckPath: health.path,
              HealthCheckIntervalSeconds: health.intervalSeconds,
              HealthCheckTimeoutSeconds: health.timeoutSeconds,
              HealthyThresholdCount: health.healthyThresholdCount,
              UnhealthyThresholdCount: health.unhealthyThresholdCount,
              Matcher: { HttpCode: health.matcher },
              Tags: tags,
            }),
          ),
        /^DuplicateTargetGroupName/,
      );
      // Same name, other settings (an older configuration): the group is this tenant's, adopt it.
      const arn = created.ok ? created.value.TargetGroups?.[0]?.TargetGroupArn : await findTargetGroup(name);
      if (!arn) throw new RoutingError("ROUTING.ELB_UNAVAILABLE", `no ARN for ${name}`, { retryable: true });
      return arn;
    },
    /** Idempotent: the same value again changes nothing. A missing group is an error (ELB_REJECTED). */
    async setDeregistrationDelay(targetGroupArn: string, seconds: number): Promise<void> {
      unwrap(
        await callElb("ModifyTargetGroupAttributes", () =>
          elb.send(
            new ModifyTargetGroupAttributesCommand({
              TargetGroupArn: targetGroupArn,
              Attributes: [{ Key: DEREGISTRATION_DELAY_KEY, Value: String(seconds) }],
            }),
          ),
        ),
      );
    },
    /** False when it was already gone. */
    async deleteTargetGroup(arn: string): Promise<boolean> {
      const deleted = await callElb(
        "DeleteTargetGroup",
        () => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
        /^TargetGroupNotFound/,
      );
      return deleted.ok;
    },
    /** null when the slot's priority is already in use on the listener. */
    async createRule(input: { slot: RuleSlot; hostname: string; targetGroupArn: string; tags: Tag[] }) {
      const created = await callElb(
        "CreateRule",
        () =>
          elb.send(
            new CreateRuleCommand({
              ListenerArn: input.slot.listenerArn,
              Priority: input.slot.priority,
              Conditions: [{ Field: "host-header", HostHeaderConfig: { Values: [input.hostname] } }],
              Actions: forwardAction(input.targetGroupArn),
              Tags: input.tags,
            }),
          ),
        /^PriorityInUse/,
      );
      return created.ok ? (created.value.Rules?.[0]?.RuleArn ?? null) : null;
    },
    /** The rule at the slot's priority, if any. */
    async findRule(slot: Pick<RuleSlot, "listenerArn" | "priority">): Promise<Rule | null> {
      let marker: string | undefined;
      do {
        const page = unwrap(
          await callElb("DescribeRules", () =>
            elb.send(
              new DescribeRulesCommand({ ListenerArn: slot.listenerArn, Marker: marker, PageSize: 400 }),
            ),
          ),
        );
        const rule = page.Rules?.find((candidate) => candidate.Priority === String(slot.priority));
        if (rule) return rule;
        marker = page.NextMarker;
      } while (marker);
      return null;
    },
    /** False when the rule does not exist. */
    async setRuleActions(ruleArn: string, actions: Action[]): Promise<boolean> {
      const modified = await callElb(
        "ModifyRule",
        () => elb.send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions })),
        /^RuleNotFound/,
      );
      return modified.ok;
    },
    /** False when it was already gone. */
    async deleteRule(ruleArn: string): Promise<boolean> {
      const deleted = await callElb(
        "DeleteRule",
        () => elb.send(new DeleteRuleCommand({ RuleArn: ruleArn })),
        /^RuleNotFound/,
      );
      return deleted.ok;
    },
  };
}

export type ElbCalls = ReturnType<typeof createElbCalls>;
