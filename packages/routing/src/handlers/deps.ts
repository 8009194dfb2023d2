import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { STSClient } from "@aws-sdk/client-sts";
import { EnvironmentSchema, type InstanceRef } from "@bbws/contracts";
import {
  AccountsMapSchema,
  createAccountClients,
  createDynamoResourceRecords,
  createEventBridgePublisher,
  createJsonLogger,
  type Logger,
  type SqsEventHandler,
} from "@bbws/mesh";
import { z } from "zod";
import { createDynamoRuleSlots } from "../adapters/aws/createDynamoRuleSlots.ts";
import { createElbRoutingProvider } from "../adapters/aws/createElbRoutingProvider.ts";
import { RoutingError } from "../domain/errors.ts";
import type { RoutingProvider } from "../ports.ts";
import { createRoutingSqsHandler } from "./createRoutingSqsHandler.ts";

/**
 * The routing Lambda's composition root: the only code that reads its configuration
 * (environment variables set by sst.config.ts, see infra/functions.ts).
 */
const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);

const RoutingConfigSchema = z.object({
  BBWS_ENVIRONMENT: EnvironmentSchema,
  BBWS_ACCOUNTS: json(AccountsMapSchema),
  BBWS_BUS_NAME: z.string().min(1),
  BBWS_RECORDS_TABLE: z.string().min(1),
  BBWS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000),
  BBWS_SLOT_TABLE: z.string().min(1),
  BBWS_VPC_ID: z.string().regex(/^vpc-[0-9a-f]+$/, { error: "must be a VPC id" }),
  BBWS_ALB_POOL: json(
    z
      .array(
        z.object({
          loadBalancerArn: z.string().startsWith("arn:"),
          listenerArn: z.string().startsWith("arn:"),
          capacity: z.number().int().positive().optional(),
        }),
      )
      .min(1),
  ),
});
export type RoutingLambdaConfig = z.infer<typeof RoutingConfigSchema>;

export function loadRoutingConfig(env: Readonly<Record<string, string | undefined>>): RoutingLambdaConfig {
  const parsed = RoutingConfigSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(`routing Lambda: invalid configuration\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The ALB pool and VPC are the served environment's (BBWS_ENVIRONMENT); the ELB client
 * assumes that environment's role (accounts map) and is built on first use. Slots and
 * records stay in the deployment's own tables.
 */
export function createRoutingLambdaHandler(config: RoutingLambdaConfig, log?: Logger): SqsEventHandler {
  const logger = log ?? createJsonLogger({ fields: { consumer: "routing" } });
  const served = config.BBWS_ENVIRONMENT;
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: new STSClient({}),
    sessionName: "bbws-routing",
  });
  const dynamo = new DynamoDBClient({});
  let built: RoutingProvider | undefined;

  function providerFor(instance: InstanceRef): RoutingProvider {
    if (instance.environment !== served)
      throw new RoutingError(
        "ROUTING.INVALID_CONFIG",
        `this deployment routes ${served} only; ${instance.environment} has its own stage`,
        { retryable: false },
      );
    built ??= createElbRoutingProvider({
      elb: accounts.client(served, (settings) => new ElasticLoadBalancingV2Client(settings), "elbv2"),
      slots: createDynamoRuleSlots({
        client: dynamo,
        tableName: config.BBWS_SLOT_TABLE,
        pool: config.BBWS_ALB_POOL,
        clock: () => new Date(),
      }),
      records: createDynamoResourceRecords({ client: dynamo, tableName: config.BBWS_RECORDS_TABLE }),
      vpcId: config.BBWS_VPC_ID,
      clock: () => new Date(),
    });
    return built;
  }

  return createRoutingSqsHandler({
    provider: {
      ensureRoute: (instance, spec) => providerFor(instance).ensureRoute(instance, spec),
      releaseRoute: (instance) => providerFor(instance).releaseRoute(instance),
      suspendRoute: (instance) => providerFor(instance).suspendRoute(instance),
      resumeRoute: (instance) => providerFor(instance).resumeRoute(instance),
    },
    publisher: createEventBridgePublisher({
      client: new EventBridgeClient({}),
      eventBusName: config.BBWS_BUS_NAME,
      logger,
    }),
    clock: () => new Date(),
    newId: randomUUID,
    maxReceiveCount: config.BBWS_MAX_RECEIVE_COUNT,
    logger,
  });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function routingHandlerFromEnvironment(): SqsEventHandler {
  return createRoutingLambdaHandler(loadRoutingConfig(process.env));
}
