import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  InstanceIdSchema,
  type OwnedResource,
  parseTargetGroupName,
  type ResourceInventory,
  resourceNames,
} from "@bbws/contracts";
import {
  type Logger,
  listTaggedResources,
  ownedResourcesOf,
  type ResourceRecord,
  type ResourceRecords,
  silentLogger,
  type TaggingClient,
} from "@bbws/mesh";
import { ROUTING_CODES, RoutingError } from "../../domain/errors.ts";
import type { DnsOptions } from "./aliasRecords.ts";
import { unexpectedAwsError } from "./awsErrors.ts";
import { createElbCalls } from "./elbCalls.ts";
import { createRoute53Calls } from "./route53Calls.ts";
import type { RuleSlots } from "./ruleSlots.ts";

export const TARGET_GROUP_KIND = "target-group";
export const LISTENER_RULE_KIND = "listener-rule";
export const DNS_RECORD_KIND = "dns-record";

export interface AwsRoutingInventoryOptions {
  readonly tagging: TaggingClient;
  readonly elb: ElasticLoadBalancingV2Client;
  /** The routing records: a removed resource's record is forgotten, so it blocks no new instance. */
  readonly records: ResourceRecords;
  /** The slot allocator: removing an orphan rule frees its instance's slot (ALB capacity). */
  readonly slots?: RuleSlots;
  /** Where the deployment keeps per-tenant alias records; without it no DNS record is listed. */
  readonly dns?: DnsOptions;
  readonly logger?: Logger;
}

const KINDS = {
  "elasticloadbalancing:targetgroup": TARGET_GROUP_KIND,
  "elasticloadbalancing:listener-rule": LISTENER_RULE_KIND,
};
/** `tg-{tenantId}-{env}`: the tenantId holds no `-`. */

/**
 * The orphan scan's view of routing on AWS: target groups and listener rules tagged
 * `bbws:managedBy` (Resource Groups Tagging API), and, with `dns`, the alias records the
 * routing records hold (Route 53 record sets carry no tags). A target group is listed
 * without an instance: its name is per tenant and environment, and a later instance adopts
 * an existing group of its name with the earlier instance's tags.
 */
export function createAwsRoutingInventory(options: AwsRoutingInventoryOptions): ResourceInventory {
  const { records, slots, dns } = options;
  const logger = options.logger ?? silentLogger;
  const elb = createElbCalls(options.elb);
  const route53 = dns ? createRoute53Calls(dns.route53) : null;

  async function tagged(): Promise<OwnedResource[]> {
    try {
      const items = await listTaggedResources({ client: options.tagging, resourceTypes: Object.keys(KINDS) });
      return ownedResourcesOf(items, { service: "routing", kinds: KINDS, logger }).map(
        ({ instanceId, ...resource }) =>
          resource.kind === TARGET_GROUP_KIND
            ? resource
            : { ...resource, ...(instanceId ? { instanceId } : {}) },
      );
    } catch (error) {
      throw unexpectedAwsError(
        error,
        { retryable: ROUTING_CODES.elbUnavailable, rejected: ROUTING_CODES.elbRejected },
        "Tagging GetResources",
      );
    }
  }

  async function dnsRecords(): Promise<OwnedResource[]> {
    if (!dns) return [];
    return (await records.list()).flatMap((record) => {
      const resource = record.service === "routing" ? dnsResourceOf(record) : undefined;
      if (record.service === "routing" && record.kind === DNS_RECORD_KIND && !resource)
        logger.warn("dns record skipped: cannot be attributed", { key: record.key });
      return resource ? [resource] : [];
    });
  }

  /** Forgets the resource's record only if it describes exactly the resource just deleted. */
  async function forget(resource: OwnedResource, arnAttribute: string) {
    if (!resource.environment) return;
    const name = resourceNames(resource.tenantId, resource.environment).targetGroup;
    const record = await records.get(`routing/${resource.kind}/${name}`);
    if (record?.attributes[arnAttribute] === resource.id) await records.remove(record.key);
  }

  async function removeRule(resource: OwnedResource): Promise<string[]> {
    const deleted = (await elb.deleteRule(resource.id)) ? [resource.id] : [];
    // After the rule: the priority must not be handed out while the rule still holds it.
    const slot = slots && resource.instanceId ? await slots.release(resource.instanceId) : null;
    if (slot) deleted.push(`slot:${slot.listenerArn}#${slot.priority}`);
    await forget(resource, "ruleArn");
    return deleted;
  }

  async function removeTargetGroup(resource: OwnedResource): Promise<string[]> {
    const deleted = (await elb.deleteTargetGroup(resource.id)) ? [resource.id] : [];
    await forget(resource, "targetGroupArn");
    return deleted;
  }

  async function removeDnsRecord(resource: OwnedResource): Promise<string[]> {
    const record = (await records.list()).find((candidate) => dnsResourceOf(candidate)?.id === resource.id);
    if (!record || !route53) return [];
    // Listed as one instance's, now another's: a new instance took the name since the scan.
    if (record.instanceId !== resource.instanceId)
      throw new RoutingError(
        ROUTING_CODES.targetGroupTaken,
        `${resource.id} now belongs to instance ${record.instanceId}; left in place`,
        { retryable: false },
      );
    const { hostedZoneId = "", hostname = "", dnsName = "", canonicalHostedZoneId = "" } = record.attributes;
    const deleted = await route53.deleteAlias({
      hostedZoneId,
      hostname,
      target: { dnsName, canonicalHostedZoneId },
    });
    await records.remove(record.key);
    return deleted ? [resource.id] : [];
  }

  return {
    service: "routing",
    async list() {
      return [...(await tagged()), ...(await dnsRecords())];
    },
    async remove(resource) {
      if (resource.kind === LISTENER_RULE_KIND && isArn(resource.id, "listener-rule"))
        return removeRule(resource);
      if (resource.kind === TARGET_GROUP_KIND && isArn(resource.id, "targetgroup"))
        return removeTargetGroup(resource);
      if (resource.kind === DNS_RECORD_KIND && dns) return removeDnsRecord(resource);
      throw new RoutingError(
        ROUTING_CODES.invalidConfig,
        `not an AWS routing resource: ${resource.kind} ${JSON.stringify(resource.id)}`,
        { retryable: false },
      );
    },
  };
}

function isArn(id: string, type: string): boolean {
  return new RegExp(`^arn:[^:]+:elasticloadbalancing:[^:]*:\\d*:${type}/`).test(id);
}

/** A routing record of an alias record: `route53:{zone}/{hostname}`, its tenant and instance. */
function dnsResourceOf(record: ResourceRecord): OwnedResource | undefined {
  const { hostedZoneId, hostname } = record.attributes;
  const owner = parseTargetGroupName(record.key.split("/")[2] ?? "");
  const instanceId = InstanceIdSchema.safeParse(record.instanceId);
  if (record.kind !== DNS_RECORD_KIND || !hostedZoneId || !hostname) return undefined;
  if (!owner || owner.tenantId !== record.tenantId || !instanceId.success) return undefined;
  return {
    service: "routing",
    kind: DNS_RECORD_KIND,
    id: `route53:${hostedZoneId}/${hostname}`,
    ...owner,
    instanceId: instanceId.data,
  };
}
