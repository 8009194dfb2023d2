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
  type Rule,
  type Tag,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { ROUTING_CODES, RoutingError } from "../../domain/errors.ts";
import type { HealthCheckSettings } from "../../domain/healthCheck.ts";
import { MAINTENANCE_PAGE } from "../../domain/maintenancePage.ts";
import { errorName, unexpectedAwsError } from "./awsErrors.ts";
import type { AliasTarget } from "./route53Calls.ts";
import type { RuleSlot } from "./ruleSlots.ts";

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const CAPACITY_ERRORS = /^(TooManyRules|TooManyTargetGroups|TooManyUniqueTargetGroupsPerLoadBalancer)/;
const codes = { retryable: ROUTING_CODES.elbUnavailable, rejected: ROUTING_CODES.elbRejected };

export const forwardAction = (targetGroupArn: string): Action[] => [
  { Type: "forward", TargetGroupArn: targetGroupArn },
];

/** The ALB answers suspended tenants itself: no task needs to run to say "maintenance". */
export const maintenanceAction = (): Action[] => [
  {
    Type: "fixed-response",
    FixedResponseConfig: {
      StatusCode: String(MAINTENANCE_PAGE.statusCode),
      ContentType: MAINTENANCE_PAGE.contentType,
      MessageBody: MAINTENANCE_PAGE.body,
    },
  },
];

export function hostsOf(rule: Rule): string[] {
  return (rule.Conditions ?? [])
    .filter((condition) => condition.Field === "host-header")
    .flatMap((condition) => condition.HostHeaderConfig?.Values ?? condition.Values ?? []);
}

/** The ELBv2 calls routing makes, each mapped to RoutingError (the SDK client retries throttling). */
export function createElbCalls(elb: ElasticLoadBalancingV2Client) {
  /** Runs a call; an error named in `expected` is an outcome, anything else a RoutingError. */
  async function call<T>(action: string, run: () => Promise<T>, expected: RegExp | null = null) {
    try {
      return { ok: true, value: await run() } as Outcome<T>;
    } catch (error) {
      const name = errorName(error);
      if (expected?.test(name)) return { ok: false, error: name } as Outcome<T>;
      // A rule deletion not yet visible to DeleteTargetGroup. The SDK does not retry this;
      // it is retryable so that the SQS redelivery, the outer loop, tries again.
      if (/^ResourceInUse/.test(name))
        throw new RoutingError("ROUTING.ELB_UNAVAILABLE", `${action}: still in use, retry`, {
          retryable: true,
          cause: error,
        });
      if (CAPACITY_ERRORS.test(name))
        throw new RoutingError("ROUTING.CAPACITY_EXHAUSTED", `${action}: ${name}: AWS quota reached`, {
          retryable: false,
          cause: error,
        });
      throw unexpectedAwsError(error, codes, `ELBv2 ${action}`);
    }
  }
  const unwrap = <T>(outcome: Outcome<T>): T => {
    if (!outcome.ok) throw new Error(`unexpected ${outcome.error}`);
    return outcome.value;
  };

  async function findTargetGroup(name: string): Promise<string | null> {
    const found = await call(
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
        await call("DescribeLoadBalancers", () =>
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
      const created = await call(
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
    /** False when it was already gone. */
    async deleteTargetGroup(arn: string): Promise<boolean> {
      const deleted = await call(
        "DeleteTargetGroup",
        () => elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })),
        /^TargetGroupNotFound/,
      );
      return deleted.ok;
    },
    /** null when the slot's priority is already in use on the listener. */
    async createRule(input: { slot: RuleSlot; hostname: string; targetGroupArn: string; tags: Tag[] }) {
      const created = await call(
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
          await call("DescribeRules", () =>
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
      const modified = await call(
        "ModifyRule",
        () => elb.send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions })),
        /^RuleNotFound/,
      );
      return modified.ok;
    },
    /** False when it was already gone. */
    async deleteRule(ruleArn: string): Promise<boolean> {
      const deleted = await call(
        "DeleteRule",
        () => elb.send(new DeleteRuleCommand({ RuleArn: ruleArn })),
        /^RuleNotFound/,
      );
      return deleted.ok;
    },
  };
}

export type ElbCalls = ReturnType<typeof createElbCalls>;
