import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { Route53Client } from "@aws-sdk/client-route-53";
import type { InstanceRef } from "@bbws/contracts";
import {
  createServiceLambdaBase,
  type Logger,
  loadLambdaConfig,
  ServiceLambdaConfigSchema,
  type SqsEventHandler,
} from "@bbws/mesh";
import { z } from "zod";
import { createElbRoutingProvider } from "../adapters/aws/createElbRoutingProvider.ts";
import { RoutingError } from "../domain/errors.ts";
import type { RoutingProvider } from "../ports.ts";
import { createPooledRuleSlots } from "./createPooledRuleSlots.ts";
import { createRoutingSqsHandler } from "./createRoutingSqsHandler.ts";
import { HostedZoneEnvSchema } from "./routingConfig.ts";

/**
 * The routing Lambda's composition root: the only code that reads its configuration
 * (environment variables set by sst.config.ts, see infra/functions.ts).
 */
const RoutingConfigSchema = ServiceLambdaConfigSchema.extend({
  BBWS_SLOT_TABLE: z.string().min(1),
  BBWS_VPC_ID: z.string().regex(/^vpc-[0-9a-f]+$/, { error: "must be a VPC id" }),
  /** The base domain's hosted zone: per-tenant alias records. Absent: one ALB behind a wildcard record. */
  BBWS_HOSTED_ZONE_ID: HostedZoneEnvSchema,
});
export type RoutingLambdaConfig = z.infer<typeof RoutingConfigSchema>;

export function loadRoutingConfig(env: Readonly<Record<string, string | undefined>>): RoutingLambdaConfig {
  return loadLambdaConfig("routing", RoutingConfigSchema, env);
}

/**
 * The ALB pool and VPC are the served environment's (BBWS_ENVIRONMENT); the ELB client
 * assumes that environment's role (accounts map) and is built on first use. Slots and
 * records stay in the deployment's own tables.
 */
export function createRoutingLambdaHandler(config: RoutingLambdaConfig, log?: Logger): SqsEventHandler {
  const base = createServiceLambdaBase("routing", config, log);
  const served = config.BBWS_ENVIRONMENT;
  let built: RoutingProvider | undefined;

  function providerFor(instance: InstanceRef): RoutingProvider {
    if (instance.environment !== served)
      throw new RoutingError(
        "ROUTING.INVALID_CONFIG",
        `this deployment routes ${served} only; ${instance.environment} has its own stage`,
        { retryable: false },
      );
    const zone = config.BBWS_HOSTED_ZONE_ID;
    built ??= createElbRoutingProvider({
      elb: base.accounts.client(served, (settings) => new ElasticLoadBalancingV2Client(settings), "elbv2"),
      ...(zone
        ? {
            dns: {
              route53: base.accounts.client(served, (settings) => new Route53Client(settings), "route53"),
              hostedZoneId: zone,
            },
          }
        : {}),
      // The ALB pool is an item of the slot table (it outgrows Lambda's 4 KB of variables).
      slots: createPooledRuleSlots({
        client: base.dynamo,
        tableName: config.BBWS_SLOT_TABLE,
        clock: () => new Date(),
      }),
      records: base.records,
      vpcId: config.BBWS_VPC_ID,
      clock: () => new Date(),
    });
    return built;
  }

  // Each step checks the served environment before it builds (or reuses) the provider.
  const forInstance =
    <A extends unknown[], R>(step: (provider: RoutingProvider) => (instance: InstanceRef, ...rest: A) => R) =>
    (instance: InstanceRef, ...rest: A): R =>
      step(providerFor(instance))(instance, ...rest);
  return createRoutingSqsHandler({
    provider: {
      claimSlot: forInstance((p) => p.claimSlot),
      ensureTargetGroup: forInstance((p) => p.ensureTargetGroup),
      ensureRule: forInstance((p) => p.ensureRule),
      ensureAddress: forInstance((p) => p.ensureAddress),
      deleteAddress: forInstance((p) => p.deleteAddress),
      deleteRule: forInstance((p) => p.deleteRule),
      freeSlot: forInstance((p) => p.freeSlot),
      deleteTargetGroup: forInstance((p) => p.deleteTargetGroup),
      serveMaintenance: forInstance((p) => p.serveMaintenance),
      forward: forInstance((p) => p.forward),
    },
    ...base.handlerDeps,
  });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function routingHandlerFromEnvironment(): SqsEventHandler {
  return createRoutingLambdaHandler(loadRoutingConfig(process.env));
}
