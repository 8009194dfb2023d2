import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { IdentityOutputsSchema, type InstanceRef, resourceTags } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { IdentityError } from "../domain/errors.ts";
import type { IdentityProvider } from "../ports.ts";
import { driveIdentity } from "../testing/driveIdentity.ts";
import { crashingRecords, sampleInstance } from "../testing/sampleInstance.ts";
import { inviteUser, signInWithAuthorizationCode } from "../testing/ssoSignIn.ts";

export interface IdentityContractSubject {
  readonly provider: IdentityProvider;
  /** A client of the same Cognito-compatible server, to look at what the provider made. */
  readonly cognito: CognitoIdentityProviderClient;
  /** The server's base URL: cognito-local's OAuth2 endpoints and JWKS. */
  readonly endpoint: string;
  readSecret(reference: string): Promise<string | null>;
}

export interface IdentityContractDeps {
  readonly records: ResourceRecords;
  readonly userPoolQuota?: number;
}

/** Pools of that name tagged with the instance (names are shared by a tenant's environments). */
export async function ownPools(cognito: CognitoIdentityProviderClient, name: string, instance: InstanceRef) {
  const { UserPools = [] } = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  const own: string[] = [];
  for (const pool of UserPools.filter((candidate) => candidate.Name === name)) {
    const { UserPool } = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
    if (UserPool?.UserPoolTags?.["bbws:instanceId"] === instance.instanceId) own.push(String(pool.Id));
  }
  return own;
}

const missing = (run: () => Promise<unknown>) =>
  expect(run()).rejects.toMatchObject({ name: "ResourceNotFoundException" });

/**
 * The behaviour every IdentityProvider adapter must have, against a running
 * Cognito-compatible server (cognito-local); run against each adapter.
 */
export function describeIdentityProviderContract(
  adapter: string,
  makeSubject: (deps: IdentityContractDeps) => Promise<IdentityContractSubject> | IdentityContractSubject,
) {
  // Through the decider's steps, as the service runs them.
  const make = async (deps: IdentityContractDeps) => {
    const subject = await makeSubject(deps);
    return { ...subject, provider: driveIdentity(subject.provider) };
  };
  describe(`IdentityProvider contract: ${adapter}`, () => {
    it("creates a tagged pool, an SSO client with a secret and the three groups", async () => {
      const { provider, cognito, readSecret } = await make({ records: createMemoryResourceRecords() });
      const { instance, spec } = sampleInstance();
      const outputs = IdentityOutputsSchema.parse(await provider.ensureIdentity(instance, spec));

      const { UserPool } = await cognito.send(
        new DescribeUserPoolCommand({ UserPoolId: outputs.userPoolId }),
      );
      expect(UserPool?.Name).toBe(`bbws-${instance.tenantId}-users`);
      expect(UserPool?.UserPoolTags).toEqual(resourceTags(instance));
      expect(UserPool?.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
      const { UserPoolClient: client } = await cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: outputs.userPoolId, ClientId: outputs.appClientId }),
      );
      expect(client).toMatchObject({
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email", "profile"],
        CallbackURLs: [expect.stringMatching(new RegExp(`^https?://${spec.hostname}/wp-login\\.php$`))],
        SupportedIdentityProviders: ["COGNITO"],
      });
      expect(client?.ClientSecret).toBeTruthy();
      const { Groups = [] } = await cognito.send(new ListGroupsCommand({ UserPoolId: outputs.userPoolId }));
      expect(Groups.map((group) => group.GroupName).sort()).toEqual(["Admin", "Editor", "Viewer"]);
      expect(JSON.parse(String(await readSecret(outputs.clientSecretRef)))).toEqual({
        clientId: outputs.appClientId,
        clientSecret: client?.ClientSecret,
      });
      expect(outputs.hostedDomain).toMatch(new RegExp(`^bbws-${instance.tenantId}-dev\\.auth\\.`));
    });

    it("answers a repeat with the same outputs and creates nothing new", async () => {
      const { provider, cognito } = await make({ records: createMemoryResourceRecords() });
      const { instance, spec } = sampleInstance();
      const first = await provider.ensureIdentity(instance, spec);
      expect(await provider.ensureIdentity(instance, spec)).toEqual(first);
      expect(await ownPools(cognito, `bbws-${instance.tenantId}-users`, instance)).toEqual([
        first.userPoolId,
      ]);
      const { UserPoolClients = [] } = await cognito.send(
        new ListUserPoolClientsCommand({ UserPoolId: first.userPoolId, MaxResults: 60 }),
      );
      expect(UserPoolClients).toHaveLength(1);
    });

    it("lets a user the tenant invited sign in through the SSO client, carrying the group", async () => {
      const { provider, cognito, endpoint, readSecret } = await make({
        records: createMemoryResourceRecords(),
      });
      const { instance, spec } = sampleInstance();
      const outputs = await provider.ensureIdentity(instance, spec);
      const user = { email: "editor@example.com", password: "Correct-Horse-9", group: "Editor" };
      await inviteUser(cognito, outputs.userPoolId, user);
      const { UserPoolClient } = await cognito.send(
        new DescribeUserPoolClientCommand({ UserPoolId: outputs.userPoolId, ClientId: outputs.appClientId }),
      );
      const callback = String(UserPoolClient?.CallbackURLs?.[0]);
      const { clientSecret } = JSON.parse(String(await readSecret(outputs.clientSecretRef))) as {
        clientSecret: string;
      };
      const signIn = (redirectUri: string) =>
        signInWithAuthorizationCode({ endpoint, outputs, clientSecret, redirectUri, user });
      expect(await signIn(callback)).toMatchObject({
        aud: outputs.appClientId,
        email: user.email,
        "cognito:groups": ["Editor"],
      });
      await expect(signIn("https://attacker.example.com/wp-login.php")).rejects.toThrow(/not registered/);
    });

    it("keeps a tenant's environments apart although their pools share a name", async () => {
      const { provider, cognito } = await make({ records: createMemoryResourceRecords() });
      const dev = sampleInstance();
      const prod = sampleInstance({ tenantId: dev.instance.tenantId, environment: "prod" });
      const devOutputs = await provider.ensureIdentity(dev.instance, dev.spec);
      const prodOutputs = await provider.ensureIdentity(prod.instance, prod.spec);
      expect(prodOutputs.userPoolId).not.toBe(devOutputs.userPoolId);
      expect(prodOutputs.clientSecretRef).not.toBe(devOutputs.clientSecretRef);
      await provider.releaseIdentity(dev.instance);
      await missing(() => cognito.send(new DescribeUserPoolCommand({ UserPoolId: devOutputs.userPoolId })));
      await cognito.send(new DescribeUserPoolCommand({ UserPoolId: prodOutputs.userPoolId }));
      await provider.releaseIdentity(prod.instance);
    });

    it("releases pool, client and secret, and a repeat releases nothing", async () => {
      const { provider, cognito, readSecret } = await make({ records: createMemoryResourceRecords() });
      const { instance, spec } = sampleInstance();
      const outputs = await provider.ensureIdentity(instance, spec);
      const released = await provider.releaseIdentity(instance);
      expect(released).toEqual(
        expect.arrayContaining([
          `bbws-${instance.tenantId}-users`,
          `bbws/${instance.tenantId}/dev/sso-client`,
        ]),
      );
      await missing(() => cognito.send(new DescribeUserPoolCommand({ UserPoolId: outputs.userPoolId })));
      await missing(() =>
        cognito.send(
          new DescribeUserPoolClientCommand({
            UserPoolId: outputs.userPoolId,
            ClientId: outputs.appClientId,
          }),
        ),
      );
      expect(await readSecret(outputs.clientSecretRef)).toBeNull();
      expect(await provider.releaseIdentity(instance)).toEqual([]);
      expect(await provider.releaseIdentity(sampleInstance().instance)).toEqual([]);
    });

    it("leaves a newer instance of the tenant alone when an old release is repeated late", async () => {
      const { provider, cognito, readSecret } = await make({ records: createMemoryResourceRecords() });
      const old = sampleInstance();
      await provider.ensureIdentity(old.instance, old.spec);
      await provider.releaseIdentity(old.instance);
      const newer = sampleInstance({ tenantId: old.instance.tenantId });
      const outputs = await provider.ensureIdentity(newer.instance, newer.spec);
      expect(await provider.releaseIdentity(old.instance)).toEqual([]);
      expect(await readSecret(outputs.clientSecretRef)).toContain(outputs.appClientId);
      await cognito.send(new DescribeUserPoolCommand({ UserPoolId: outputs.userPoolId }));
      await provider.releaseIdentity(newer.instance);
    });

    it("adopts the pool after a crash between CreateUserPool and its record", async () => {
      const records = createMemoryResourceRecords();
      const { instance, spec } = sampleInstance();
      // The tenant's prod pool has the same name: adoption must tell them apart by tag.
      const prod = sampleInstance({ tenantId: instance.tenantId, environment: "prod" });
      const prodOutputs = await (await make({ records })).provider.ensureIdentity(prod.instance, prod.spec);
      const crashing = await make({
        records: crashingRecords(
          records,
          (record) => record.kind === "user-pool" && record.state === "created",
        ),
      });
      await expect(crashing.provider.ensureIdentity(instance, spec)).rejects.toThrow(/simulated crash/);
      const { provider, cognito } = await make({ records });
      const outputs = await provider.ensureIdentity(instance, spec);
      expect(outputs.userPoolId).not.toBe(prodOutputs.userPoolId);
      expect(await ownPools(cognito, `bbws-${instance.tenantId}-users`, instance)).toEqual([
        outputs.userPoolId,
      ]);
      expect(await provider.releaseIdentity(instance)).toContain(`bbws-${instance.tenantId}-users`);
      await provider.releaseIdentity(prod.instance);
    });

    it("adopts the app client after a crash between CreateUserPoolClient and its record", async () => {
      const records = createMemoryResourceRecords();
      const crashing = await make({
        records: crashingRecords(
          records,
          (record) => record.kind === "app-client" && record.state === "created",
        ),
      });
      const { instance, spec } = sampleInstance();
      await expect(crashing.provider.ensureIdentity(instance, spec)).rejects.toThrow(/simulated crash/);
      const { provider, cognito } = await make({ records });
      const outputs = await provider.ensureIdentity(instance, spec);
      const { UserPoolClients = [] } = await cognito.send(
        new ListUserPoolClientsCommand({ UserPoolId: outputs.userPoolId, MaxResults: 60 }),
      );
      expect(UserPoolClients.map((client) => client.ClientId)).toEqual([outputs.appClientId]);
      await provider.releaseIdentity(instance);
    });

    it("refuses with IDENTITY.QUOTA_EXHAUSTED before creating anything when the region is full", async () => {
      const probe = await make({ records: createMemoryResourceRecords() });
      const { UserPools = [] } = await probe.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      const records = createMemoryResourceRecords();
      const { provider, cognito } = await make({ records, userPoolQuota: UserPools.length });
      const { instance, spec } = sampleInstance();
      const failure = await provider.ensureIdentity(instance, spec).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(IdentityError);
      expect(failure).toMatchObject({ code: "IDENTITY.QUOTA_EXHAUSTED", retryable: false });
      expect(await ownPools(cognito, `bbws-${instance.tenantId}-users`, instance)).toEqual([]);
      expect(await records.list()).toEqual([]);
    });
  });
}
