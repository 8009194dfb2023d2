import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Environment } from "@bbws/contracts";
import {
  createServiceLambdaBase,
  type Logger,
  loadLambdaConfig,
  ServiceLambdaConfigSchema,
  type SqsEventHandler,
} from "@bbws/mesh";
import type { z } from "zod";
import { CognitoWritesEnvSchema, createCognitoWriteLimiters } from "../adapters/aws/cognitoWriteLimiters.ts";
import {
  cognitoDomainSuffix,
  createCognitoIdentityProvider,
} from "../adapters/aws/createCognitoIdentityProvider.ts";
import { createSecretsManagerSecretStore } from "../adapters/aws/createSecretsManagerSecretStore.ts";
import { IdentityError } from "../domain/errors.ts";
import type { IdentityProvider } from "../ports.ts";
import { createIdentitySqsHandler } from "./createIdentitySqsHandler.ts";
import { identityByEnvironment } from "./identityByEnvironment.ts";

/**
 * The identity Lambda's composition root: the only code that reads its configuration
 * (environment variables set by sst.config.ts, see infra/functions.ts).
 */
/**
 * No BBWS_ENVIRONMENT: identity needs only an account, so it serves every environment of the map.
 * BBWS_COGNITO_WRITES_PER_SECOND: this container's share of Cognito's per-account quota.
 */
const IdentityConfigSchema = ServiceLambdaConfigSchema.omit({ BBWS_ENVIRONMENT: true }).extend({
  BBWS_COGNITO_WRITES_PER_SECOND: CognitoWritesEnvSchema,
});
export type IdentityLambdaConfig = z.infer<typeof IdentityConfigSchema>;

export function loadIdentityConfig(env: Readonly<Record<string, string | undefined>>): IdentityLambdaConfig {
  return loadLambdaConfig("identity", IdentityConfigSchema, env);
}

/**
 * Cognito pools live in the account of the instance's environment (accounts map): one
 * provider per environment, built on first use, sharing one write limiter per account and
 * region (Cognito's quota is per account and region). The limiter holds this container's share
 * only; the deployment bounds the containers (reserved concurrency, docs/deploy.md).
 */
export function createIdentityLambdaHandler(config: IdentityLambdaConfig, log?: Logger): SqsEventHandler {
  const base = createServiceLambdaBase("identity", config, log);
  const { accounts, records } = base;
  const providers = new Map<Environment, IdentityProvider>();
  const writeLimiterFor = createCognitoWriteLimiters({
    ratePerSecond: config.BBWS_COGNITO_WRITES_PER_SECOND,
  });

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
      limiter: writeLimiterFor(account),
    });
    providers.set(environment, provider);
    return provider;
  }

  return createIdentitySqsHandler({ provider: identityByEnvironment(providerFor), ...base.handlerDeps });
}

/** Reads process.env: call it from the Lambda entry point only. */
export function identityHandlerFromEnvironment(): SqsEventHandler {
  return createIdentityLambdaHandler(loadIdentityConfig(process.env));
}
