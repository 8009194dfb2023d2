import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { IdentityOutputsSchema, resourceTags } from "@bbws/contracts";
import { createMemoryResourceRecords, type ResourceRecords } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import type { IdentityProvider } from "../ports.ts";
import { driveIdentity } from "../testing/driveIdentity.ts";
import { ownPools } from "../testing/ownPools.ts";
import { sampleInstance } from "../testing/sampleInstance.ts";
import { inviteUser, signInWithAuthorizationCode } from "../testing/ssoSignIn.ts";
import { describeIdentityRecovery } from "./identityRecoveryContract.ts";

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

    describeIdentityRecovery(make);
  });
}
