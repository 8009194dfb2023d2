import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { STSClient } from "@aws-sdk/client-sts";
import {
  type ApiHandler,
  createApiHandler,
  createCloudWatchInstanceLogs,
  createDynamoIdempotencyStore,
  createLedgerInstanceCommands,
  createLedgerInstanceQueries,
  type InstanceLogs,
} from "@bbws/api";
import { type Environment, WordPressSchema } from "@bbws/contracts";
import { createDynamoLedgerStore, createLedgerService } from "@bbws/ledger";
import {
  AccountsMapSchema,
  createAccountClients,
  createJsonLogger,
  jsonEnv,
  type Logger,
  loadLambdaConfig,
} from "@bbws/mesh";
import { z } from "zod";

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
});
export type ApiLambdaConfig = z.infer<typeof ApiConfigSchema>;

export function loadApiConfig(env: Readonly<Record<string, string | undefined>>): ApiLambdaConfig {
  return loadLambdaConfig("API", ApiConfigSchema, env);
}

/**
 * API Gateway's JWT authorizer has verified the token (`auth.mode: "gateway"`). Tenants'
 * logs are in their environment's account: one CloudWatch Logs reader per environment,
 * through the accounts map, built on first use.
 */
export function createApiLambdaHandler(config: ApiLambdaConfig, log?: Logger): ApiHandler {
  const logger = log ?? createJsonLogger({ fields: { service: "api" } });
  const dynamo = new DynamoDBClient({});
  const store = createDynamoLedgerStore({ client: dynamo, tableName: config.BBWS_LEDGER_TABLE });
  const specDefaults = { wordpress: config.BBWS_WORDPRESS, baseDomain: config.BBWS_BASE_DOMAIN };
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: new STSClient({}),
    sessionName: "bbws-api",
  });
  const readers = new Map<Environment, InstanceLogs>();
  const logsOf = (environment: Environment): InstanceLogs => {
    const existing = readers.get(environment);
    if (existing) return existing;
    const client = accounts.client(environment, (settings) => new CloudWatchLogsClient(settings), "logs");
    const reader = createCloudWatchInstanceLogs({ client });
    readers.set(environment, reader);
    return reader;
  };
  return createApiHandler({
    commands: createLedgerInstanceCommands(createLedgerService({ store, logger, specDefaults })),
    queries: createLedgerInstanceQueries(store),
    idempotency: createDynamoIdempotencyStore({ client: dynamo, tableName: config.BBWS_IDEMPOTENCY_TABLE }),
    auth: { mode: "gateway" },
    defaults: { ...specDefaults, imageTemplate: config.BBWS_IMAGE_TEMPLATE },
    logs: { read: (request) => logsOf(request.instance.environment).read(request) },
    logger,
  });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function apiHandlerFromEnvironment(): ApiHandler {
  return createApiLambdaHandler(loadApiConfig(process.env));
}
