import type { Route53Client } from "@aws-sdk/client-route-53";
import type { InstanceRef } from "@bbws/contracts";
import type { ResourceRecord, ResourceRecords, ResourceState } from "@bbws/mesh";
import type { ElbCalls } from "./elbCalls.ts";
import { type AliasRecord, type AliasTarget, createRoute53Calls } from "./route53Calls.ts";
import type { RuleSlot } from "./ruleSlots.ts";

/** Per-tenant DNS: with a pool of ALBs a wildcard record cannot point at every tenant's ALB. */
export interface DnsOptions {
  readonly route53: Route53Client;
  /** The public hosted zone of the base domain; the tenants' A (alias) records go here. */
  readonly hostedZoneId: string;
}

type Put = (
  instance: InstanceRef,
  key: string,
  state: ResourceState,
  attributes: Record<string, string>,
) => Promise<void>;

/**
 * The tenant's alias record `spec.hostname` → the ALB of its slot, recorded before the
 * UPSERT and completed after. The ALB's alias target is looked up once per ARN.
 */
export function createAliasRecords(input: {
  dns: DnsOptions;
  elb: ElbCalls;
  records: ResourceRecords;
  put: Put;
}) {
  const { dns, elb, records, put } = input;
  const route53 = createRoute53Calls(dns.route53);
  const targets = new Map<string, Promise<AliasTarget>>();

  function targetOf(loadBalancerArn: string): Promise<AliasTarget> {
    let target = targets.get(loadBalancerArn);
    if (!target) {
      target = elb.describeLoadBalancer(loadBalancerArn);
      // A failed lookup is not cached: the next call asks again.
      target.catch(() => targets.delete(loadBalancerArn));
      targets.set(loadBalancerArn, target);
    }
    return target;
  }

  return {
    async ensure(instance: InstanceRef, key: string, slot: RuleSlot, hostname: string): Promise<void> {
      const target = await targetOf(slot.loadBalancerArn);
      const attributes = {
        hostedZoneId: dns.hostedZoneId,
        hostname,
        loadBalancerArn: slot.loadBalancerArn,
        dnsName: target.dnsName,
        canonicalHostedZoneId: target.canonicalHostedZoneId,
      };
      const existing = await records.get(key);
      if (existing?.state === "created" && sameAttributes(existing.attributes, attributes)) return;
      await put(instance, key, "intended", attributes);
      await route53.upsertAlias({ hostedZoneId: dns.hostedZoneId, hostname, target });
      await put(instance, key, "created", attributes);
    },
    /** Deletes exactly what was recorded (Route 53 deletes only an exact match); gone is fine. */
    async release(record: ResourceRecord | undefined): Promise<string[]> {
      if (!record) return [];
      const alias = aliasOf(record);
      const deleted = alias ? await route53.deleteAlias(alias) : false;
      await records.remove(record.key);
      return deleted && alias ? [`route53:${alias.hostedZoneId}/${alias.hostname}`] : [];
    },
  };
}

function sameAttributes(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.entries(b).every(([name, value]) => a[name] === value);
}

function aliasOf(record: ResourceRecord): AliasRecord | null {
  const { hostedZoneId, hostname, dnsName, canonicalHostedZoneId } = record.attributes;
  if (!hostedZoneId || !hostname || !dnsName || !canonicalHostedZoneId) return null;
  return { hostedZoneId, hostname, target: { dnsName, canonicalHostedZoneId } };
}

export type AliasRecords = ReturnType<typeof createAliasRecords>;
