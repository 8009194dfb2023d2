import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll } from "vitest";
import { createFakeSecretsManager } from "../../testing/fakeSecretsManager.ts";
import { describeIdentityProviderContract } from "../identityProviderContract.ts";
import { enforceUserPoolQuota } from "../local/localUserPoolQuota.ts";
import { type LocalCognito, startLocalCognito } from "../local/startLocalCognito.ts";
import { cognitoDomainSuffix, createCognitoIdentityProvider } from "./createCognitoIdentityProvider.ts";
import { createSecretsManagerSecretStore } from "./createSecretsManagerSecretStore.ts";

// The AWS adapter against a real Cognito wire protocol (cognito-local, no domains);
// Secrets Manager is the stateful fake: no compatible server runs on this machine. cognito-local
// has no pool quota: the client refuses CreateUserPool at the given one as Cognito does.
const dataDir = mkdtempSync(join(tmpdir(), "identity-aws-"));
let server: LocalCognito;
const secretsManager = createFakeSecretsManager();

beforeAll(async () => {
  server = await startLocalCognito({ dataDir });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describeIdentityProviderContract("Cognito adapter on cognito-local, Secrets Manager fake", (deps) => {
  const settings = {
    endpoint: server.endpoint,
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  const cognito = new CognitoIdentityProviderClient(settings);
  const client = new CognitoIdentityProviderClient(settings);
  if (deps.userPoolQuota !== undefined) enforceUserPoolQuota(client, deps.userPoolQuota);
  return {
    provider: createCognitoIdentityProvider({
      client,
      secrets: createSecretsManagerSecretStore({ client: secretsManager.client }),
      records: deps.records,
      hostedDomain: { create: false, suffix: cognitoDomainSuffix("eu-west-1") },
    }),
    cognito,
    endpoint: server.endpoint,
    readSecret: async (reference) => secretsManager.read(reference),
  };
});
