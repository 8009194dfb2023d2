import { z } from "zod";
import { type Environment, EnvironmentSchema, type TenantId, TenantIdSchema } from "./identifiers.ts";

/**
 * What we read of AWS's `aws.ecs` events (Amazon ECS Developer Guide, "Amazon ECS events"):
 * a task's state change and a service action. Unknown fields are kept out, as AWS asks
 * ("ECS may add other event types, sources, and details").
 */
export const EcsTaskStateChangeSchema = z.object({
  "detail-type": z.literal("ECS Task State Change"),
  source: z.literal("aws.ecs"),
  time: z.string(),
  detail: z.object({
    clusterArn: z.string(),
    taskArn: z.string(),
    /** `service:{serviceName}` for a service's task, `family:{family}` for a standalone one. */
    group: z.string().optional(),
    lastStatus: z.string(),
    desiredStatus: z.string(),
    stoppedReason: z.string().optional(),
    stopCode: z.string().optional(),
    stoppedAt: z.string().optional(),
    containers: z.array(z.object({ name: z.string(), exitCode: z.number().int().optional() })).optional(),
  }),
});
export type EcsTaskStateChange = z.infer<typeof EcsTaskStateChangeSchema>;

export const EcsServiceActionSchema = z.object({
  "detail-type": z.literal("ECS Service Action"),
  source: z.literal("aws.ecs"),
  time: z.string(),
  /** The service's ARN: `arn:aws:ecs:{region}:{account}:service/{cluster}/{serviceName}`. */
  resources: z.array(z.string()).min(1),
  detail: z.object({
    eventType: z.enum(["INFO", "WARN", "ERROR"]),
    eventName: z.string(),
    clusterArn: z.string(),
    reason: z.string().optional(),
  }),
});
export type EcsServiceAction = z.infer<typeof EcsServiceActionSchema>;

export const EcsEventSchema = z.discriminatedUnion("detail-type", [
  EcsTaskStateChangeSchema,
  EcsServiceActionSchema,
]);
export type EcsEvent = z.infer<typeof EcsEventSchema>;

/** The inverse of `resourceNames(...).ecsService` (`wp-{tenantId}-{env}`): whose service this is, or null. */
export function parseEcsServiceName(name: string): { tenantId: TenantId; environment: Environment } | null {
  const [, tenant, env] = /^wp-([a-z0-9]+)-([a-z]+)$/.exec(name) ?? [];
  const tenantId = TenantIdSchema.safeParse(tenant);
  const environment = EnvironmentSchema.safeParse(env);
  return tenantId.success && environment.success
    ? { tenantId: tenantId.data, environment: environment.data }
    : null;
}

/** The service an ECS event is about: a task's `group`, or a service action's resource ARN. */
export function ecsServiceNameOf(event: EcsEvent): string | null {
  if (event["detail-type"] === "ECS Task State Change") {
    const group = event.detail.group ?? "";
    return group.startsWith("service:") ? group.slice("service:".length) : null;
  }
  const arn = event.resources[0] ?? "";
  return /:service\/[^/]+\/([^/]+)$/.exec(arn)?.[1] ?? null;
}

/**
 * The rule on the default bus (where ECS sends its events) for our cluster's tenant services
 * only: their task state changes and service actions. `sst.config.ts` builds the rule from it;
 * tests run it through the local pattern matcher against AWS's example events.
 */
export function ecsHealthEventPattern(clusterArn: string) {
  const [, partitionRegionAccount = "", cluster = ""] =
    /^(arn:[^:]+:ecs:[^:]+:\d+):cluster\/(.+)$/.exec(clusterArn) ?? [];
  return {
    source: ["aws.ecs"],
    "detail-type": ["ECS Task State Change", "ECS Service Action"],
    detail: { clusterArn: [clusterArn] },
    $or: [
      { detail: { group: [{ prefix: "service:wp-" }] } },
      { resources: [{ prefix: `${partitionRegionAccount}:service/${cluster}/wp-` }] },
    ],
  };
}
