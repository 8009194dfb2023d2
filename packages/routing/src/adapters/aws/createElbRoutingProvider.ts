import type { ElasticLoadBalancingV2Client, Tag } from "@aws-sdk/client-elastic-load-balancing-v2";
import { type InstanceRef, resourceNames, resourceTags } from "@bbws/contracts";
import type { ResourceRecord, ResourceRecords, ResourceState } from "@bbws/mesh";
import { DEREGISTRATION_DELAY_SECONDS } from "../../domain/deregistrationDelay.ts";
import { RoutingError } from "../../domain/errors.ts";
import { type HealthCheckSettings, healthCheckSettings } from "../../domain/healthCheck.ts";
import type { RoutingProvider } from "../../ports.ts";
import { createAliasRecords, type DnsOptions } from "./aliasRecords.ts";
import { createElbCalls } from "./elbCalls.ts";
import { createElbReleases } from "./elbReleases.ts";
import { forwardAction, hostsOf, maintenanceAction } from "./ruleActions.ts";
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

  const { releaseRule, releaseTargetGroup } = createElbReleases(elb, records);
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

  /**
   * The group is `created` only once its deregistration delay is set: a crash in between leaves it
   * `intended`, and the redelivery creates (adopts) it and sets the delay again. A group recorded
   * without the current delay (made before routing set one) gets it, and its record the value.
   */
  async function ensureTargetGroup(instance: InstanceRef, name: string, tags: Tag[]): Promise<string> {
    const key = keys(name).targetGroup;
    const existing = await ownRecord(instance, key);
    const delay = String(DEREGISTRATION_DELAY_SECONDS);
    const recorded = existing?.state === "created" ? existing.attributes.targetGroupArn : undefined;
    if (recorded && existing?.attributes.deregistrationDelaySeconds === delay) return recorded;
    if (!recorded) await record(instance, key, "intended", { name });
    const targetGroupArn =
      recorded ?? (await elb.createTargetGroup({ name, vpcId: options.vpcId, health, tags }));
    await elb.setDeregistrationDelay(targetGroupArn, DEREGISTRATION_DELAY_SECONDS);
    await record(instance, key, "created", { name, targetGroupArn, deregistrationDelaySeconds: delay });
    return targetGroupArn;
  }

  async function ensureRule(input: {
    instance: InstanceRef;
    slot: RuleSlot;
    name: string;
    hostname: string;
    targetGroupRef: string;
    tags: Tag[];
  }) {
    const { instance, slot, name, hostname, targetGroupRef: targetGroupArn } = input;
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
    const rule = await own(instance, "rule");
    const { ruleArn, targetGroupArn } = rule?.attributes ?? {};
    if (!ruleArn || !targetGroupArn) throw routeNotFound(instance);
    return { ruleArn, targetGroupArn };
  }

  /** The instance's record of one resource; another instance's is never touched. */
  async function own(instance: InstanceRef, kind: keyof ReturnType<typeof keys>) {
    const name = resourceNames(instance.tenantId, instance.environment).targetGroup;
    const found = await records.get(keys(name)[kind]);
    return found?.instanceId === instance.instanceId ? found : undefined;
  }

  const nameOf = (instance: InstanceRef) =>
    resourceNames(instance.tenantId, instance.environment).targetGroup;
  const tagsOf = (instance: InstanceRef): Tag[] =>
    Object.entries(resourceTags(instance)).map(([Key, Value]) => ({ Key, Value }));

  return {
    async claimSlot(instance) {
      const name = nameOf(instance);
      // Ownership and the slot first: a taken name or a full pool fails before anything is created.
      await ownRecord(instance, keys(name).targetGroup);
      return slots.allocate({ ...instance, targetGroupName: name });
    },
    ensureTargetGroup: (instance) => ensureTargetGroup(instance, nameOf(instance), tagsOf(instance)),
    ensureRule: (instance, input) =>
      ensureRule({ instance, ...input, name: nameOf(instance), tags: tagsOf(instance) }),
    async ensureAddress(instance, { slot, hostname }) {
      await aliases?.ensure(instance, keys(nameOf(instance)).dns, slot, hostname);
      return { hostname, url: `${scheme}://${hostname}/` };
    },
    // DNS first: a name never points at an ALB that no longer routes it to this tenant.
    deleteAddress: async (instance) => (await aliases?.release(await own(instance, "dns"))) ?? [],
    // The rule before the slot: the slot must not be handed to another tenant while our rule
    // still holds its priority; and before the target group, which a rule's reference keeps alive.
    deleteRule: async (instance) => releaseRule(await own(instance, "rule")),
    async freeSlot(instance) {
      await slots.release(instance.instanceId);
      return [];
    },
    deleteTargetGroup: async (instance) => releaseTargetGroup(await own(instance, "targetGroup")),
    async serveMaintenance(instance) {
      const { ruleArn } = await createdRule(instance);
      if (!(await elb.setRuleActions(ruleArn, maintenanceAction()))) throw routeNotFound(instance);
    },
    async forward(instance) {
      const { ruleArn, targetGroupArn } = await createdRule(instance);
      if (!(await elb.setRuleActions(ruleArn, forwardAction(targetGroupArn)))) throw routeNotFound(instance);
    },
  };
}

function routeNotFound(instance: InstanceRef): RoutingError {
  return new RoutingError(
    "ROUTING.ROUTE_NOT_FOUND",
    `no listener rule for instance ${instance.instanceId} (${instance.tenantId}, ${instance.environment})`,
    { retryable: false },
  );
}
