import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { STSClient } from "@aws-sdk/client-sts";
import {
  type ApiHandler,
  createApiHandler,
  createCloudWatchInstanceLogs,
  createCloudWatchInstanceMetrics,
  createDynamoIdempotencyStore,
  createEventBridgeReplays,
  createLambdaOrphanOperations,
  createLedgerHealthChecks,
  createLedgerInstanceCommands,
  createLedgerInstanceQueries,
  createSqsDeadLetters,
  type LoggedEventSource,
} from "@bbws/api";
import { DEAD_LETTER_SOURCES, type Environment, WordPressSchema } from "@bbws/contracts";
import { createDynamoCleanupRecords, createDynamoLedgerStore, createLedgerService } from "@bbws/ledger";
import {
  AccountsMapSchema,
  awsSdkRetrySettings,
  createAccountClients,
  createJsonLogger,
  DYNAMODB_RETRY_SETTINGS,
  jsonEnv,
  type Logger,
  loadLambdaConfig,
} from "@bbws/mesh";
import { z } from "zod";
import { BUS_ARN, consumerRuleArns } from "../consumerRules.ts";
import { createAwsHealthProbes, FunctionNameSchema } from "./healthDeps.ts";

/**
 * The API Lambda's composition root. It lives outside packages/ because it joins two of
 * them: the API never imports @bbws/ledger (boundary rule), and on AWS the API runs the
 * ledger's command side in-process over the same table (packages/api/README.md, "Wiring"),
 * as runtime/ does locally. The only code that reads the API Lambda's configuration.
 */
const ApiConfigSchema = z.object({
  BBWS_ACCOUNTS: jsonEnv(AccountsMapSchema),
  BBWS_LEDGER_TABLE: z.string().min(1),
  BBWS_IDEMPOTENCY_TABLE: z.string().min(1),
  BBWS_BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { error: "must be a DNS name like example.com" }),
  BBWS_WORDPRESS: jsonEnv(WordPressSchema),
  BBWS_IMAGE_TEMPLATE: z.string().includes("{version}", { error: "must contain {version}" }),
  /** The environments' ECS cluster name: GET .../metrics reads its services' CloudWatch metrics. */
  BBWS_ECS_CLUSTER: z.string().min(1),
  /** The storage drift function (in the VPC) the live check's drift part invokes: the database and its user. */
  BBWS_STORAGE_DRIFT_FUNCTION: FunctionNameSchema,
  /** The orphan scan function GET /v1.0/orphans invokes; absent: those routes answer 501. */
  BBWS_ORPHAN_SCAN_FUNCTION: z.string().min(1).optional(),
  // The recovery routes' resources (infra/api.ts apiOperationsEnvironment): all four, or none (→ 501).
  BBWS_BUS_NAME: z.string().min(1).optional(),
  BBWS_BUS_ARN: z
    .string()
    .regex(BUS_ARN, {
      error: "must be an event bus ARN (arn:aws:events:{region}:{account}:event-bus/{name})",
    })
    .optional(),
  BBWS_ARCHIVE_ARN: z.string().startsWith("arn:").optional(),
  BBWS_DEAD_LETTER_QUEUES: jsonEnv(
    z
      .array(
        z.object({
          consumer: z.enum(DEAD_LETTER_SOURCES),
          dlqUrl: z.url(),
          dlqArn: z.string().startsWith("arn:"),
        }),
      )
      .min(1),
  ).optional(),
});
const OPERATIONS_VARIABLES = [
  "BBWS_BUS_NAME",
  "BBWS_BUS_ARN",
  "BBWS_ARCHIVE_ARN",
  "BBWS_DEAD_LETTER_QUEUES",
] as const;
const ApiConfigWithOperationsSchema = ApiConfigSchema.refine(
  (config) => {
    const given = OPERATIONS_VARIABLES.filter((name) => config[name] !== undefined).length;
    return given === 0 || given === OPERATIONS_VARIABLES.length;
  },
  { error: `set all of ${OPERATIONS_VARIABLES.join(", ")}, or none (the recovery routes then answer 501)` },
);
export type ApiLambdaConfig = z.infer<typeof ApiConfigSchema>;

export function loadApiConfig(env: Readonly<Record<string, string | undefined>>): ApiLambdaConfig {
  return loadLambdaConfig("API", ApiConfigWithOperationsSchema, env);
}

/**
 * API Gateway's JWT authorizer has verified the token (`auth.mode: "gateway"`). Tenants'
 * logs are in their environment's account: one CloudWatch Logs reader per environment,
 * through the accounts map, built on first use.
 */
export function createApiLambdaHandler(config: ApiLambdaConfig, log?: Logger): ApiHandler {
  const logger = log ?? createJsonLogger({ fields: { service: "api" } });
  const dynamo = new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS });
  const store = createDynamoLedgerStore({ client: dynamo, tableName: config.BBWS_LEDGER_TABLE });
  const specDefaults = { wordpress: config.BBWS_WORDPRESS, baseDomain: config.BBWS_BASE_DOMAIN };
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: new STSClient({ ...awsSdkRetrySettings() }),
    sessionName: "bbws-api",
  });
  const perEnvironment = <T>(make: (environment: Environment) => T) => {
    const built = new Map<Environment, T>();
    return (environment: Environment): T => {
      const existing = built.get(environment);
      if (existing) return existing;
      const made = make(environment);
      built.set(environment, made);
      return made;
    };
  };
  const logsOf = perEnvironment((environment) =>
    createCloudWatchInstanceLogs({
      client: accounts.client(environment, (settings) => new CloudWatchLogsClient(settings), "logs"),
    }),
  );
  const metricsOf = perEnvironment((environment) =>
    createCloudWatchInstanceMetrics({
      cloudWatch: accounts.client(environment, (settings) => new CloudWatchClient(settings), "cloudwatch"),
      loadBalancing: accounts.client(
        environment,
        (settings) => new ElasticLoadBalancingV2Client(settings),
        "elb",
      ),
      clusterName: config.BBWS_ECS_CLUSTER,
    }),
  );
  const ledger = createLedgerService({ store, logger, specDefaults });
  const lambda = new LambdaClient({ ...awsSdkRetrySettings() });
  return createApiHandler({
    ...recoveryPorts(config, store),
    commands: createLedgerInstanceCommands(ledger),
    // POST .../health: the AWS probes (the sweep's, healthDeps.ts), folded by the in-process ledger.
    health: createLedgerHealthChecks({
      store,
      handleEvent: (event) => ledger.handleEvent(event),
      probes: createAwsHealthProbes(accounts, config.BBWS_ECS_CLUSTER, {
        lambda,
        functionName: config.BBWS_STORAGE_DRIFT_FUNCTION,
      }),
    }),
    queries: createLedgerInstanceQueries(store),
    idempotency: createDynamoIdempotencyStore({ client: dynamo, tableName: config.BBWS_IDEMPOTENCY_TABLE }),
    auth: { mode: "gateway" },
    defaults: { ...specDefaults, imageTemplate: config.BBWS_IMAGE_TEMPLATE },
    logs: { read: (request) => logsOf(request.instance.environment).read(request) },
    metrics: { read: (request) => metricsOf(request.instance.environment).read(request) },
    ...(config.BBWS_ORPHAN_SCAN_FUNCTION
      ? {
          orphans: createLambdaOrphanOperations({
            client: lambda,
            functionName: config.BBWS_ORPHAN_SCAN_FUNCTION,
            cleanups: createDynamoCleanupRecords({ client: dynamo, tableName: config.BBWS_LEDGER_TABLE }),
          }),
        }
      : {}),
    logger,
  });
}

/**
 * Replays (the bus archive; an instance's from the ledger's log) and the consumers' DLQs (the
 * ECS events consumer's too), in the deploying account where the bus and queues live. Orphan scans are wired elsewhere.
 */
function recoveryPorts(config: ApiLambdaConfig, store: LoggedEventSource) {
  const { BBWS_BUS_NAME, BBWS_BUS_ARN, BBWS_ARCHIVE_ARN, BBWS_DEAD_LETTER_QUEUES } = config;
  if (!BBWS_BUS_NAME || !BBWS_BUS_ARN || !BBWS_ARCHIVE_ARN || !BBWS_DEAD_LETTER_QUEUES) return {};
  return {
    replays: createEventBridgeReplays({
      client: new EventBridgeClient({ ...awsSdkRetrySettings() }),
      archiveArn: BBWS_ARCHIVE_ARN,
      busArn: BBWS_BUS_ARN,
      busName: BBWS_BUS_NAME,
      consumerRuleArns: consumerRuleArns(BBWS_BUS_ARN),
      ledgerEvents: store,
    }),
    deadLetters: createSqsDeadLetters({
      client: new SQSClient({ ...awsSdkRetrySettings() }),
      queues: BBWS_DEAD_LETTER_QUEUES,
    }),
  };
}

/** Reads process.env: call it from the Lambda entry point only. */
export function apiHandlerFromEnvironment(): ApiHandler {
  return createApiLambdaHandler(loadApiConfig(process.env));
}
