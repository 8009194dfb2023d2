import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type { Environment, HealthProbe } from "@bbws/contracts";

/**
 * The live check's `targets` part on AWS: DescribeTargetHealth of the target group the ledger
 * recorded. As many healthy targets as desired tasks passes; fewer is `warn`; none is `fail`,
 * naming each target's state and reason (`Target.ResponseCodeMismatch`, ...).
 */
export function createElbTargetHealthProbe(deps: {
  readonly elbFor: (environment: Environment) => Pick<ElasticLoadBalancingV2Client, "send">;
}): HealthProbe {
  return {
    part: "targets",
    async check(target, signal) {
      const targetGroupArn = target.outputs.routing?.targetGroupRef;
      if (!targetGroupArn) return { outcome: "fail", detail: "the ledger recorded no target group" };
      const { TargetHealthDescriptions = [] } = await deps
        .elbFor(target.environment)
        .send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }), { abortSignal: signal });
      const states = TargetHealthDescriptions.map((description) => {
        const health = description.TargetHealth;
        return `${description.Target?.Id ?? "?"} ${health?.State ?? "unknown"}${health?.Reason ? ` (${health.Reason})` : ""}`;
      });
      const healthy = TargetHealthDescriptions.filter((d) => d.TargetHealth?.State === "healthy").length;
      const detail = `${healthy} of ${target.desiredCount} targets healthy${states.length ? `: ${states.join(", ")}` : ""}`;
      if (healthy === 0) return { outcome: "fail", detail };
      return { outcome: healthy < target.desiredCount ? "warn" : "pass", detail };
    },
  };
}
