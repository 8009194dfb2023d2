import { randomUUID } from "node:crypto";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
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
import { createEcsComputeProvider } from "../adapters/aws/createEcsComputeProvider.ts";
import { createFargateLaunchLimiter } from "../adapters/aws/ecsComputeConfig.ts";
import { ComputeError } from "../domain/errors.ts";
import type { ComputeProvider } from "../ports.ts";
import { createComputeSqsHandler } from "./createComputeSqsHandler.ts";

/**
 * The compute Lambda's composition root: the only code that reads its configuration
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

const ids = (prefix: string) => json(z.array(z.string().startsWith(`${prefix}-`)).min(1));

const ComputeConfigSchema = z.object({
  BBWS_ENVIRONMENT: EnvironmentSchema,
  BBWS_ACCOUNTS: json(AccountsMapSchema),
  BBWS_BUS_NAME: z.string().min(1),
  BBWS_RECORDS_TABLE: z.string().min(1),
  BBWS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000),
  BBWS_ECS_CLUSTER: z.string().min(1),
  BBWS_TASK_SUBNETS: ids("subnet"),
  BBWS_TASK_SECURITY_GROUPS: ids("sg"),
  BBWS_TASK_EXECUTION_ROLE_ARN: z.string().startsWith("arn:"),
  BBWS_TASK_ROLE_ARN: z.string().startsWith("arn:"),
  BBWS_EFS_FILE_SYSTEM_ID: z.string().startsWith("fs-"),
});
export type ComputeLambdaConfig = z.infer<typeof ComputeConfigSchema>;

export function loadComputeConfig(env: Readonly<Record<string, string | undefined>>): ComputeLambdaConfig {
  const parsed = ComputeConfigSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(`compute Lambda: invalid configuration\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The cluster, subnets and file system are the served environment's (BBWS_ENVIRONMENT); the
 * ECS, ELB and Logs clients assume that environment's role and are built on first use, with
 * ONE Fargate launch limiter for the container (the quota counts tasks per account).
 */
export function createComputeLambdaHandler(config: ComputeLambdaConfig, log?: Logger): SqsEventHandler {
  const logger = log ?? createJsonLogger({ fields: { consumer: "compute" } });
  const served = config.BBWS_ENVIRONMENT;
  const account = config.BBWS_ACCOUNTS[served];
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: new STSClient({}),
    sessionName: "bbws-compute",
  });
  let built: ComputeProvider | undefined;

  function providerFor(instance: InstanceRef): ComputeProvider {
    if (instance.environment !== served || !account)
      throw new ComputeError(
        "COMPUTE.INVALID_REQUEST",
        `this deployment runs ${served} only (with an account in BBWS_ACCOUNTS); ${instance.environment} has its own stage`,
        { retryable: false },
      );
    built ??= createEcsComputeProvider({
      ecs: accounts.client(served, (settings) => new ECSClient(settings), "ecs"),
      elbv2: accounts.client(served, (settings) => new ElasticLoadBalancingV2Client(settings), "elbv2"),
      logs: accounts.client(served, (settings) => new CloudWatchLogsClient(settings), "logs"),
      config: {
        cluster: config.BBWS_ECS_CLUSTER,
        subnets: config.BBWS_TASK_SUBNETS,
        securityGroups: config.BBWS_TASK_SECURITY_GROUPS,
        executionRoleArn: config.BBWS_TASK_EXECUTION_ROLE_ARN,
        taskRoleArn: config.BBWS_TASK_ROLE_ARN,
        fileSystemId: config.BBWS_EFS_FILE_SYSTEM_ID,
        region: account.region,
      },
      records: createDynamoResourceRecords({
        client: new DynamoDBClient({}),
        tableName: config.BBWS_RECORDS_TABLE,
      }),
      limiter: createFargateLaunchLimiter(),
    });
    return built;
  }

  const provider: ComputeProvider = {
    ensureCompute: (instance, request) => providerFor(instance).ensureCompute(instance, request),
    checkHealth: (instance) => providerFor(instance).checkHealth(instance),
    releaseCompute: (instance) => providerFor(instance).releaseCompute(instance),
    suspend: (instance) => providerFor(instance).suspend(instance),
    resume: (instance) => providerFor(instance).resume(instance),
    scale: (instance, change) => providerFor(instance).scale(instance, change),
    updateImage: (instance, wordpress) => providerFor(instance).updateImage(instance, wordpress),
    restart: (instance) => providerFor(instance).restart(instance),
  };
  return createComputeSqsHandler({
    provider,
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
export function computeHandlerFromEnvironment(): SqsEventHandler {
  return createComputeLambdaHandler(loadComputeConfig(process.env));
}
