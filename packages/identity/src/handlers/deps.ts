import { randomUUID } from "node:crypto";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { STSClient } from "@aws-sdk/client-sts";
import type { Environment } from "@bbws/contracts";
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
import {
  cognitoDomainSuffix,
  createCognitoIdentityProvider,
} from "../adapters/aws/createCognitoIdentityProvider.ts";
import { createSecretsManagerSecretStore } from "../adapters/aws/createSecretsManagerSecretStore.ts";
import { IdentityError } from "../domain/errors.ts";
import type { IdentityProvider } from "../ports.ts";
import { createIdentitySqsHandler } from "./createIdentitySqsHandler.ts";

/**
 * The identity Lambda's composition root: the only code that reads its configuration
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

/** No BBWS_ENVIRONMENT: identity needs only an account, so it serves every environment of the map. */
const IdentityConfigSchema = z.object({
  BBWS_ACCOUNTS: json(AccountsMapSchema),
  BBWS_BUS_NAME: z.string().min(1),
  BBWS_RECORDS_TABLE: z.string().min(1),
  BBWS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000),
});
export type IdentityLambdaConfig = z.infer<typeof IdentityConfigSchema>;

export function loadIdentityConfig(env: Readonly<Record<string, string | undefined>>): IdentityLambdaConfig {
  const parsed = IdentityConfigSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(`identity Lambda: invalid configuration\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * Cognito pools live in the account of the instance's environment (accounts map): one
 * provider per environment, built on first use, each with its own 15/s limiter because
 * Cognito's write quota is per account and region.
 */
export function createIdentityLambdaHandler(config: IdentityLambdaConfig, log?: Logger): SqsEventHandler {
  const logger = log ?? createJsonLogger({ fields: { consumer: "identity" } });
  const accounts = createAccountClients({
    accounts: config.BBWS_ACCOUNTS,
    sts: new STSClient({}),
    sessionName: "bbws-identity",
  });
  const records = createDynamoResourceRecords({
    client: new DynamoDBClient({}),
    tableName: config.BBWS_RECORDS_TABLE,
  });
  const providers = new Map<Environment, IdentityProvider>();

  function providerFor(environment: Environment): IdentityProvider {
    const account = config.BBWS_ACCOUNTS[environment];
    if (!account)
      throw new IdentityError("IDENTITY.INVALID_REQUEST", `no AWS account is configured for ${environment}`, {
        retryable: false,
      });
    const existing = providers.get(environment);
    if (existing) return existing;
    const provider = createCognitoIdentityProvider({
      client: accounts.client(
        environment,
        (settings) => new CognitoIdentityProviderClient(settings),
        "cognito",
      ),
      secrets: createSecretsManagerSecretStore({
        client: accounts.client(environment, (settings) => new SecretsManagerClient(settings), "secrets"),
      }),
      records,
      hostedDomain: { create: true, suffix: cognitoDomainSuffix(account.region) },
    });
    providers.set(environment, provider);
    return provider;
  }

  return createIdentitySqsHandler({
    provider: {
      ensureIdentity: (instance, spec) => providerFor(instance.environment).ensureIdentity(instance, spec),
      releaseIdentity: (instance) => providerFor(instance.environment).releaseIdentity(instance),
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
export function identityHandlerFromEnvironment(): SqsEventHandler {
  return createIdentityLambdaHandler(loadIdentityConfig(process.env));
}
