import type { ElasticLoadBalancingV2Client, Tag } from "@aws-sdk/client-elastic-load-balancing-v2";
import { type InstanceRef, type RoutingOutputs, resourceNames, resourceTags } from "@bbws/contracts";
import type { ResourceRecord, ResourceRecords, ResourceState } from "@bbws/mesh";
import { RoutingError } from "../../domain/errors.ts";
import { type HealthCheckSettings, healthCheckSettings } from "../../domain/healthCheck.ts";
import type { RoutingProvider } from "../../ports.ts";
import { createAliasRecords, type DnsOptions } from "./aliasRecords.ts";
import { createElbCalls, forwardAction, hostsOf, maintenanceAction } from "./elbCalls.ts";
import type { RuleSlot, RuleSlots } from "./ruleSlots.ts";

export interface ElbRoutingProviderOptions {
  readonly elb: ElasticLoadBalancingV2Client;
  /** The (ALB, listener, priority) allocator over the pool (createDynamoRuleSlots). */
  readonly slots: RuleSlots;
  readonly records: ResourceRecords;
  readonly vpcId: string;
  readonly clock: () => Date;
  readonly healthCheck?: Partial<HealthCheckSettings>;
  /** The scheme visitors use: the pool's listeners are HTTPS in production. */
  readonly urlScheme?: "https" | "http";
  /** Per-tenant alias records; absent with one ALB behind a wildcard record: no DNS call. */
  readonly dns?: DnsOptions;
}

const SERVICE = "routing";
const keys = (targetGroup: string) => ({
  targetGroup: `${SERVICE}/target-group/${targetGroup}`,
  rule: `${SERVICE}/listener-rule/${targetGroup}`,
  dns: `${SERVICE}/dns-record/${targetGroup}`,
});

/**
 * A tenant's route on AWS: target group `tg-{tenantId}-{env}` (ip targets, registered by
 * ECS) and a host-header rule on a pooled ALB slot. Each resource is recorded before its
 * create call and completed after, so a retry after a crash finds or adopts what exists.
 */
export function createElbRoutingProvider(options: ElbRoutingProviderOptions): RoutingProvider {
  const { records, slots, clock } = options;
  const health = healthCheckSettings(options.healthCheck);
  const scheme = options.urlScheme ?? "https";
  const elb = createElbCalls(options.elb);

  const record = (
    instance: InstanceRef,
    key: string,
    state: ResourceState,
    attributes: Record<string, string>,
  ) =>
    records.put({
      key,
      service: SERVICE,
      kind: key.split("/")[1] ?? "",
      instanceId: instance.instanceId,
      tenantId: instance.tenantId,
      state,
      attributes,
      updatedAt: clock().toISOString(),
    });

  const aliases = options.dns ? createAliasRecords({ dns: options.dns, elb, records, put: record }) : null;

  /** The record, if this instance's; another live instance's name is a conflict, not ours to take. */
  async function ownRecord(instance: InstanceRef, key: string): Promise<ResourceRecord | null> {
    const existing = await records.get(key);
    if (existing && existing.instanceId !== instance.instanceId)
      throw new RoutingError(
        "ROUTING.TARGET_GROUP_TAKEN",
        `${key} belongs to instance ${existing.instanceId}; release it first`,
        { retryable: false },
      );
    return existing;
  }

  async function ensureTargetGroup(instance: InstanceRef, name: string, tags: Tag[]): Promise<string> {
    const key = keys(name).targetGroup;
    const existing = await ownRecord(instance, key);
    if (existing?.state === "created" && existing.attributes.targetGroupArn)
      return existing.attributes.targetGroupArn;
    await record(instance, key, "intended", { name });
    const targetGroupArn = await elb.createTargetGroup({ name, vpcId: options.vpcId, health, tags });
    await record(instance, key, "created", { name, targetGroupArn });
    return targetGroupArn;
  }

  async function ensureRule(input: {
    instance: InstanceRef;
    slot: RuleSlot;
    name: string;
    hostname: string;
    targetGroupArn: string;
    tags: Tag[];
  }) {
    const { instance, slot, name, hostname, targetGroupArn } = input;
    const key = keys(name).rule;
    const existing = await ownRecord(instance, key);
    if (existing?.state === "created" && existing.attributes.ruleArn) return existing.attributes.ruleArn;
    const attributes = {
      loadBalancerArn: slot.loadBalancerArn,
      listenerArn: slot.listenerArn,
      priority: String(slot.priority),
      hostname,
      targetGroupArn,
    };
    await record(instance, key, "intended", attributes);
    const ruleArn =
      (await elb.createRule({ slot, hostname, targetGroupArn, tags: input.tags })) ??
      (await adoptRule(slot, hostname));
    await record(instance, key, "created", { ...attributes, ruleArn });
    return ruleArn;
  }

  /** CreateRule is not idempotent: after a lost answer the priority is taken by our own rule. */
  async function adoptRule(slot: { listenerArn: string; priority: number }, hostname: string) {
    const rule = await elb.findRule(slot);
    if (rule?.RuleArn && hostsOf(rule).includes(hostname)) return rule.RuleArn;
    throw new RoutingError(
      "ROUTING.PRIORITY_CONFLICT",
      `priority ${slot.priority} on ${slot.listenerArn} is held by a rule that is not for ${hostname}`,
      { retryable: false },
    );
  }

  async function createdRule(instance: InstanceRef) {
    const rule = await records.get(
      keys(resourceNames(instance.tenantId, instance.environment).targetGroup).rule,
    );
    const { ruleArn, targetGroupArn } = rule?.attributes ?? {};
    if (!rule || rule.instanceId !== instance.instanceId || !ruleArn || !targetGroupArn)
      throw routeNotFound(instance);
    return { ruleArn, targetGroupArn };
  }

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

  return {
    async ensureRoute(instance, spec) {
      const name = resourceNames(instance.tenantId, instance.environment).targetGroup;
      const tags = Object.entries(resourceTags(instance)).map(([Key, Value]) => ({ Key, Value }));
      // Ownership and the slot first: a taken name or a full pool fails before anything is created.
      await ownRecord(instance, keys(name).targetGroup);
      const slot = await slots.allocate({ ...instance, targetGroupName: name });
      const targetGroupArn = await ensureTargetGroup(instance, name, tags);
      const ruleArn = await ensureRule({
        instance,
        slot,
        name,
        hostname: spec.hostname,
        targetGroupArn,
        tags,
      });
      await aliases?.ensure(instance, keys(name).dns, slot, spec.hostname);
      return routingOutputs({ targetGroupArn, ruleArn, hostname: spec.hostname, scheme });
    },
    async releaseRoute(instance) {
      const mine = (await records.listByInstance(instance.instanceId)).filter((r) => r.service === SERVICE);
      // The rule first: a target group referenced by a rule cannot be deleted, and the slot
      // must not be handed to another tenant while our rule still holds its priority.
      // DNS first: a name never points at an ALB that no longer routes it to this tenant.
      const released = (await aliases?.release(mine.find((r) => r.kind === "dns-record"))) ?? [];
      released.push(...(await releaseRule(mine.find((r) => r.kind === "listener-rule"))));
      await slots.release(instance.instanceId);
      released.push(...(await releaseTargetGroup(mine.find((r) => r.kind === "target-group"))));
      return released;
    },
    async suspendRoute(instance) {
      const { ruleArn } = await createdRule(instance);
      if (!(await elb.setRuleActions(ruleArn, maintenanceAction()))) throw routeNotFound(instance);
    },
    async resumeRoute(instance) {
      const { ruleArn, targetGroupArn } = await createdRule(instance);
      if (!(await elb.setRuleActions(ruleArn, forwardAction(targetGroupArn)))) throw routeNotFound(instance);
    },
  };
}

function routingOutputs(input: {
  targetGroupArn: string;
  ruleArn: string;
  hostname: string;
  scheme: string;
}) {
  return {
    targetGroupRef: input.targetGroupArn,
    listenerRuleRef: input.ruleArn,
    hostname: input.hostname,
    url: `${input.scheme}://${input.hostname}/`,
  } satisfies RoutingOutputs;
}

function routeNotFound(instance: InstanceRef): RoutingError {
  return new RoutingError(
    "ROUTING.ROUTE_NOT_FOUND",
    `no listener rule for instance ${instance.instanceId} (${instance.tenantId}, ${instance.environment})`,
    { retryable: false },
  );
}
