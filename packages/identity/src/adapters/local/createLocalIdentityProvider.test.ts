import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { createLocalSecrets } from "@bbws/local-cloud";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { driveIdentity } from "../../testing/driveIdentity.ts";
import { sampleInstance } from "../../testing/sampleInstance.ts";
import { describeIdentityProviderContract } from "../identityProviderContract.ts";
import { createLocalIdentityProvider, startLocalIdentity } from "./createLocalIdentityProvider.ts";
import { type LocalCognito, startLocalCognito } from "./startLocalCognito.ts";

const dataDir = mkdtempSync(join(tmpdir(), "identity-local-"));
const cognitoDir = join(dataDir, "cognito");
let server: LocalCognito;
const clientOf = (endpoint: string) =>
  new CognitoIdentityProviderClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

beforeAll(async () => {
  server = await startLocalCognito({ dataDir: cognitoDir });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describeIdentityProviderContract("local adapter (cognito-local, local secrets)", (deps) => {
  const secrets = createLocalSecrets(join(dataDir, "secrets"));
  return {
    provider: createLocalIdentityProvider({
      dataDir,
      cognitoEndpoint: server.endpoint,
      records: deps.records,
      secrets,
      userPoolQuota: deps.userPoolQuota,
    }),
    cognito: clientOf(server.endpoint),
    endpoint: server.endpoint,
    readSecret: async (reference) => (secrets.exists(reference) ? secrets.read(reference) : null),
  };
});

describe("createLocalIdentityProvider", () => {
  it("reports the local hosted domain and a 0600 local secret", async () => {
    const provider = driveIdentity(
      createLocalIdentityProvider({ dataDir, cognitoEndpoint: server.endpoint }),
    );
    const { instance, spec } = sampleInstance();
    const outputs = await provider.ensureIdentity(instance, spec);
    expect(outputs.hostedDomain).toBe(`bbws-${instance.tenantId}-dev.auth.localhost`);
    expect(outputs.clientSecretRef).toBe(`local-secret:bbws/${instance.tenantId}/dev/sso-client`);
    const file = join(dataDir, "secrets", `bbws/${instance.tenantId}/dev/sso-client.secret`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await provider.releaseIdentity(instance);
  });

  it("survives a restart of cognito-local and of the provider: same outputs, then a clean release", async () => {
    const { instance, spec } = sampleInstance();
    const before = await driveIdentity(
      createLocalIdentityProvider({ dataDir, cognitoEndpoint: server.endpoint }),
    ).ensureIdentity(instance, spec);
    await server.stop();
    server = await startLocalCognito({ dataDir: cognitoDir, port: server.port });
    const provider = driveIdentity(
      createLocalIdentityProvider({ dataDir, cognitoEndpoint: server.endpoint }),
    );
    expect(await provider.ensureIdentity(instance, spec)).toEqual(before);
    expect(await provider.releaseIdentity(instance)).toContain(`bbws-${instance.tenantId}-users`);
  });

  it("startLocalIdentity starts its own server under the data dir and stops it", async () => {
    const ownDir = mkdtempSync(join(tmpdir(), "identity-own-"));
    const { provider, cognito } = await startLocalIdentity({ dataDir: ownDir });
    try {
      const { instance, spec } = sampleInstance();
      const outputs = await driveIdentity(provider).ensureIdentity(instance, spec);
      expect(statSync(join(ownDir, "cognito", ".cognito", "db", `${outputs.userPoolId}.json`)).isFile()).toBe(
        true,
      );
    } finally {
      await cognito.stop();
      rmSync(ownDir, { recursive: true, force: true });
    }
    await expect(fetch(`${cognito.endpoint}/health`)).rejects.toThrow();
  });
});
