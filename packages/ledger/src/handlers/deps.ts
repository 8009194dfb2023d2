import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { WordPressSchema } from "@bbws/contracts";
import {
  createJsonLogger,
  DYNAMODB_RETRY_SETTINGS,
  jsonEnv,
  type Logger,
  loadLambdaConfig,
} from "@bbws/mesh";
import { z } from "zod";
import { createDynamoLedgerStore } from "../adapters/dynamo/createDynamoLedgerStore.ts";
import { createLedgerService, type LedgerService } from "../application/createLedgerService.ts";
import type { LedgerStore } from "../ports.ts";

/**
 * The composition root of the ledger's queue consumer and stuck sweeper: the only code that
 * reads their configuration (environment variables set by sst.config.ts, see
 * infra/functions.ts). The outbox relay has its own (depsRelay.ts).
 */
const LedgerConfigSchema = z.object({
  BBWS_LEDGER_TABLE: z.string().min(1),
  BBWS_BASE_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, { error: "must be a DNS name like example.com" }),
  BBWS_WORDPRESS: jsonEnv(WordPressSchema),
});
export type LedgerLambdaConfig = z.infer<typeof LedgerConfigSchema>;

export function loadLedgerConfig(env: Readonly<Record<string, string | undefined>>): LedgerLambdaConfig {
  return loadLambdaConfig("ledger", LedgerConfigSchema, env);
}

/** The ledger service on the deployment's DynamoDB table; TenantCreated is filled in with these defaults. */
export function createLedgerLambdaService(
  config: LedgerLambdaConfig,
  logger: Logger,
  client: DynamoDBClient = new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS }),
  store: LedgerStore = createDynamoLedgerStore({ client, tableName: config.BBWS_LEDGER_TABLE }),
): LedgerService {
  return createLedgerService({
    store,
    logger,
    specDefaults: { wordpress: config.BBWS_WORDPRESS, baseDomain: config.BBWS_BASE_DOMAIN },
  });
}

/** Reads process.env: call it from a Lambda entry point only. */
export function ledgerFromEnvironment(role: "ledger" | "stuck-sweeper" | "credential-rotation"): {
  service: LedgerService;
  store: LedgerStore;
  logger: Logger;
} {
  const logger = createJsonLogger({ fields: { consumer: role } });
  const config = loadLedgerConfig(process.env);
  const client = new DynamoDBClient({ ...DYNAMODB_RETRY_SETTINGS });
  const store = createDynamoLedgerStore({ client, tableName: config.BBWS_LEDGER_TABLE });
  return { service: createLedgerLambdaService(config, logger, client, store), store, logger };
}
