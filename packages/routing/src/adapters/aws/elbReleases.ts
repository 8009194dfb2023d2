import type { ResourceRecord, ResourceRecords } from "@bbws/mesh";
import type { ElbCalls } from "./elbCalls.ts";
import { hostsOf } from "./ruleActions.ts";

/** Deletes what a routing record names, then forgets the record; gone already is fine. */
export function createElbReleases(elb: ElbCalls, records: ResourceRecords) {
  async function releaseRule(rule: ResourceRecord | undefined): Promise<string[]> {
    if (!rule) return [];
    const { listenerArn, priority, hostname } = rule.attributes;
    // Typed out: sst.config.ts's type check (no noUncheckedIndexedAccess) would infer string.
    let ruleArn: string | undefined = rule.attributes.ruleArn;
    if (!ruleArn && listenerArn && priority) {
      // Intended only: CreateRule may have succeeded with its answer lost. Ours iff it has our host.
      const found = await elb.findRule({ listenerArn, priority: Number(priority) });
      ruleArn = found && hostname && hostsOf(found).includes(hostname) ? found.RuleArn : undefined;
    }
    const deleted = ruleArn ? await elb.deleteRule(ruleArn) : false;
    await records.remove(rule.key);
    return deleted && ruleArn ? [ruleArn] : [];
  }

  async function releaseTargetGroup(group: ResourceRecord | undefined): Promise<string[]> {
    if (!group) return [];
    const arn = group.attributes.targetGroupArn ?? (await elb.findTargetGroup(group.attributes.name ?? ""));
    const deleted = arn ? await elb.deleteTargetGroup(arn) : false;
    await records.remove(group.key);
    return deleted && arn ? [arn] : [];
  }

  return { releaseRule, releaseTargetGroup };
}
