import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient } from "@aws-sdk/client-iam";
import type { InstanceRef } from "@bbws/contracts";
import {
  createServiceLambdaBase,
  jsonEnv,
  type Logger,
  loadLambdaConfig,
  ServiceLambdaConfigSchema,
  type SqsEventHandler,
} from "@bbws/mesh";
import { z } from "zod";
import { createEcsComputeProvider } from "../adapters/aws/createEcsComputeProvider.ts";
import { createFargateLaunchLimiter } from "../adapters/aws/ecsComputeConfig.ts";
import { ComputeError } from "../domain/errors.ts";
import type { ComputeProvider } from "../ports.ts";
import { createComputeSqsHandler } from "./createComputeSqsHandler.ts";

type StepCall = (instance: InstanceRef, input: never) => Promise<unknown>;
const COMPUTE_STEPS = [
  "createTaskRole",
  "prepareLogs",
  "registerRevision",
  "startInstall",
  "awaitInstall",
  "createService",
  "deployRevision",
  "awaitRollout",
  "setDesiredCount",
  "restartService",
  "checkHealth",
  "findCompute",
  "deleteService",
  "deleteRevisions",
  "deleteTaskRole",
] as const satisfies readonly (keyof ComputeProvider)[];
type MissingStep = Exclude<keyof ComputeProvider, (typeof COMPUTE_STEPS)[number] | "readLogs">;
/** Fails to compile when the port gains a step this list lacks. */
const everyStep: [MissingStep] extends [never] ? true : never = true;
void everyStep;

/**
 * The compute Lambda's composition root: the only code that reads its configuration
 * (environment variables set by sst.config.ts, see infra/functions.ts).
 */
const ids = (prefix: string) => jsonEnv(z.array(z.string().startsWith(`${prefix}-`)).min(1));

const ComputeConfigSchema = ServiceLambdaConfigSchema.extend({
  BBWS_ECS_CLUSTER: z.string().min(1),
  BBWS_TASK_SUBNETS: ids("subnet"),
  BBWS_TASK_SECURITY_GROUPS: ids("sg"),
  BBWS_EFS_FILE_SYSTEM_ID: z.string().startsWith("fs-"),
});
export type ComputeLambdaConfig = z.infer<typeof ComputeConfigSchema>;

export function loadComputeConfig(env: Readonly<Record<string, string | undefined>>): ComputeLambdaConfig {
  return loadLambdaConfig("compute", ComputeConfigSchema, env);
}

/**
 * The cluster, subnets and file system are the served environment's (BBWS_ENVIRONMENT); the
 * ECS, ELB and Logs clients assume that environment's role and are built on first use, with
 * ONE Fargate launch limiter for the container (the quota counts tasks per account).
 */
export function createComputeLambdaHandler(config: ComputeLambdaConfig, log?: Logger): SqsEventHandler {
  const base = createServiceLambdaBase("compute", config, log);
  const { accounts } = base;
  const served = config.BBWS_ENVIRONMENT;
  const account = config.BBWS_ACCOUNTS[served];
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
      iam: accounts.client(served, (settings) => new IAMClient(settings), "iam"),
      config: {
        cluster: config.BBWS_ECS_CLUSTER,
        subnets: config.BBWS_TASK_SUBNETS,
        securityGroups: config.BBWS_TASK_SECURITY_GROUPS,
        accountId: account.accountId,
        fileSystemId: config.BBWS_EFS_FILE_SYSTEM_ID,
        region: account.region,
      },
      limiter: createFargateLaunchLimiter(),
    });
    return built;
  }

  // Every step checks the instance's environment before it builds the clients.
  const provider = Object.fromEntries(
    COMPUTE_STEPS.map((step) => [
      step,
      (instance: InstanceRef, input: never) => (providerFor(instance)[step] as StepCall)(instance, input),
    ]),
  ) as unknown as ComputeProvider;
  return createComputeSqsHandler({ provider, ...base.handlerDeps });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function computeHandlerFromEnvironment(): SqsEventHandler {
  return createComputeLambdaHandler(loadComputeConfig(process.env));
}
