import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { type InstanceRef, resourceTags } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import {
  type CognitoIdentityProviderOptions,
  cognitoDomainSuffix,
  createCognitoIdentityProvider,
} from "../adapters/aws/createCognitoIdentityProvider.ts";
import { createSecretsManagerSecretStore } from "../adapters/aws/createSecretsManagerSecretStore.ts";
import { driveIdentity } from "./driveIdentity.ts";
import { sampleInstance } from "./sampleInstance.ts";

export const INSTANCE: InstanceRef = {
  instanceId: "11111111-1111-4111-8111-111111111111",
  tenantId: "acme",
  environment: "dev",
};
export const SPEC = sampleInstance({ tenantId: "acme", instanceId: INSTANCE.instanceId }).spec;
export const NOW = "2026-11-22T10:00:00.000Z";
export const POOL_ID = "eu-west-1_Pool0001";
export const CLIENT_ID = "client0001";
export const CLIENT_SECRET = "s3cr3t-value";
export const SECRET_ARN =
  "arn:aws:secretsmanager:eu-west-1:123456789012:secret:bbws/acme/dev/sso-client-AbCdEf";
const OWN_TAGS = Object.entries(resourceTags(INSTANCE)).map(([Key, Value]) => ({ Key, Value }));
export const unlimited = { acquire: async () => {} };

/**
 * Cognito and Secrets Manager clients mocked per instance, answering a fresh
 * provision by default; tests override single commands after `reset()`.
 */
export function mockedAws() {
  const cognitoClient = new CognitoIdentityProviderClient({ region: "eu-west-1" });
  const secretsClient = new SecretsManagerClient({ region: "eu-west-1" });
  const cognito = mockClient(cognitoClient);
  const secretsManager = mockClient(secretsClient);
  let records: ResourceRecords = createMemoryResourceRecords();

  function reset() {
    cognito.reset();
    secretsManager.reset();
    records = createMemoryResourceRecords();
    cognito.on(ListUserPoolsCommand).resolves({ UserPools: [] });
    cognito.on(CreateUserPoolCommand).resolves({ UserPool: { Id: POOL_ID, Name: "bbws-acme-users" } });
    cognito
      .on(CreateUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET } });
    cognito.on(CreateGroupCommand).resolves({});
    cognito
      .on(DescribeUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET } });
    cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} });
    cognito.on(CreateUserPoolDomainCommand).resolves({});
    secretsManager.on(CreateSecretCommand).resolves({ ARN: SECRET_ARN });
    secretsManager.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: OWN_TAGS });
    secretsManager.on(DeleteSecretCommand).resolves({});
  }

  function provider(overrides: Partial<CognitoIdentityProviderOptions> = {}) {
    return driveIdentity(stepsOf(overrides));
  }

  function stepsOf(overrides: Partial<CognitoIdentityProviderOptions> = {}) {
    return createCognitoIdentityProvider({
      client: cognitoClient,
      secrets: createSecretsManagerSecretStore({ client: secretsClient }),
      records,
      hostedDomain: { create: true, suffix: cognitoDomainSuffix("eu-west-1") },
      limiter: unlimited,
      clock: () => new Date(NOW),
      ...overrides,
    });
  }

  return {
    cognito,
    secretsManager,
    reset,
    provider,
    steps: stepsOf,
    records: () => records,
  };
}

/** An AWS SDK-shaped error, as the clients throw them. */
export function awsError(name: string, status = 400, message = name) {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });
}
