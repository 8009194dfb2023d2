import {
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Environment, ResourceDriftCheck } from "@bbws/contracts";
import { errorName } from "./awsErrors.ts";

const TARGET_GROUP = "routing:target-group";
const LISTENER_RULE = "routing:listener-rule";

/**
 * Routing's share of the AWS drift part: the recorded target group (DescribeTargetGroups by ARN)
 * and listener rule (DescribeRules by ARN), both at once. ELB answers a deleted one with
 * TargetGroupNotFound / RuleNotFound: missing; any other error rejects (the part's error).
 */
export function createElbRoutingDriftCheck(deps: {
  readonly elbFor: (environment: Environment) => Pick<ElasticLoadBalancingV2Client, "send">;
}): ResourceDriftCheck {
  return {
    kinds: [TARGET_GROUP, LISTENER_RULE],
    async missing(target, signal) {
      const routing = target.outputs.routing;
      if (!routing) return [];
      const elb = deps.elbFor(target.environment);
      const options = { abortSignal: signal };
      const found = await Promise.all([
        missingName(TARGET_GROUP, "TargetGroupNotFoundException", () =>
          elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [routing.targetGroupRef] }), options),
        ),
        missingName(LISTENER_RULE, "RuleNotFoundException", () =>
          elb.send(new DescribeRulesCommand({ RuleArns: [routing.listenerRuleRef] }), options),
        ),
      ]);
      return found.flatMap((name) => (name ? [name] : []));
    },
  };
}

/** The kind's name when AWS says it is gone, undefined when it exists. */
async function missingName(kind: string, notFound: string, describe: () => Promise<unknown>) {
  try {
    await describe();
    return undefined;
  } catch (error) {
    if (errorName(error) === notFound) return kind;
    throw error;
  }
}
