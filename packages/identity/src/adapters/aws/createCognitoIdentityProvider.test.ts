import "aws-sdk-client-mock-vitest/extend";
import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { beforeEach, describe, expect, it } from "vitest";
import {
  awsError,
  CLIENT_ID,
  CLIENT_SECRET,
  INSTANCE,
  mockedAws,
  NOW,
  POOL_ID,
  SECRET_ARN,
  SPEC,
} from "../../testing/mockedAws.ts";
import { clientRequestToken } from "./createSecretsManagerSecretStore.ts";

const aws = mockedAws();
const TAGS = {
  "bbws:tenantId": "acme",
  "bbws:instanceId": INSTANCE.instanceId,
  "bbws:environment": "dev",
  "bbws:managedBy": "bbws-instance-management",
};
const inputsOf = <T>(calls: { args: [{ input: T }] }[]) => calls.map((call) => call.args[0].input);

beforeEach(() => aws.reset());

describe("createCognitoIdentityProvider: provisioning", () => {
  it("creates pool, client, groups, domain and secret with exactly these inputs", async () => {
    const outputs = await aws.provider().ensureIdentity(INSTANCE, SPEC);

    expect(outputs).toEqual({
      userPoolId: POOL_ID,
      appClientId: CLIENT_ID,
      hostedDomain: "bbws-acme-dev.auth.eu-west-1.amazoncognito.com",
      clientSecretRef: SECRET_ARN,
    });
    expect(inputsOf(aws.cognito.commandCalls(CreateUserPoolCommand))).toEqual([
      {
        PoolName: "bbws-acme-users",
        Policies: {
          PasswordPolicy: {
            MinimumLength: 12,
            RequireUppercase: true,
            RequireLowercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
            TemporaryPasswordValidityDays: 7,
          },
        },
        UsernameAttributes: ["email"],
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ["email"],
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
        MfaConfiguration: "OFF",
        DeletionProtection: "INACTIVE",
        UserPoolTags: TAGS,
      },
    ]);
    expect(inputsOf(aws.cognito.commandCalls(CreateUserPoolClientCommand))).toEqual([
      {
        UserPoolId: POOL_ID,
        ClientName: "bbws-acme-dev-wordpress",
        GenerateSecret: true,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ["openid", "email", "profile"],
        CallbackURLs: ["https://acme.sites.example.com/wp-login.php"],
        DefaultRedirectURI: "https://acme.sites.example.com/wp-login.php",
        LogoutURLs: ["https://acme.sites.example.com/wp-login.php?loggedout=true"],
        SupportedIdentityProviders: ["COGNITO"],
        ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors: "ENABLED",
        EnableTokenRevocation: true,
      },
    ]);
    expect(inputsOf(aws.cognito.commandCalls(CreateGroupCommand))).toEqual([
      { UserPoolId: POOL_ID, GroupName: "Admin", Description: "WordPress administrators", Precedence: 1 },
      { UserPoolId: POOL_ID, GroupName: "Editor", Description: "WordPress editors", Precedence: 2 },
      {
        UserPoolId: POOL_ID,
        GroupName: "Viewer",
        Description: "WordPress subscribers: read only",
        Precedence: 3,
      },
    ]);
    expect(aws.cognito).toHaveReceivedCommandExactlyOnceWith(DescribeUserPoolDomainCommand, {
      Domain: "bbws-acme-dev",
    });
    expect(inputsOf(aws.cognito.commandCalls(CreateUserPoolDomainCommand))).toEqual([
      { Domain: "bbws-acme-dev", UserPoolId: POOL_ID },
    ]);
    expect(inputsOf(aws.secretsManager.commandCalls(CreateSecretCommand))).toEqual([
      {
        Name: "bbws/acme/dev/sso-client",
        Description: "WordPress SSO app client of acme (dev)",
        SecretString: JSON.stringify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
        ClientRequestToken: clientRequestToken(
          `${INSTANCE.instanceId}/bbws/acme/dev/sso-client/${CLIENT_ID}`,
        ),
        Tags: Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })),
      },
    ]);
  });

  it("records each non-idempotent create as intended before the call and created after it", async () => {
    const seen: string[] = [];
    aws.cognito.on(CreateUserPoolCommand).callsFake(async () => {
      seen.push(
        `pool create, record ${(await aws.records().get(`identity/user-pool/${INSTANCE.instanceId}`))?.state}`,
      );
      return { UserPool: { Id: POOL_ID } };
    });
    await aws.provider().ensureIdentity(INSTANCE, SPEC);
    expect(seen).toEqual(["pool create, record intended"]);
    expect(await aws.records().listByInstance(INSTANCE.instanceId)).toEqual([
      {
        key: `identity/user-pool/${INSTANCE.instanceId}`,
        service: "identity",
        kind: "user-pool",
        instanceId: INSTANCE.instanceId,
        tenantId: "acme",
        state: "created",
        attributes: { name: "bbws-acme-users", userPoolId: POOL_ID },
        updatedAt: NOW,
      },
      {
        key: `identity/app-client/${INSTANCE.instanceId}`,
        service: "identity",
        kind: "app-client",
        instanceId: INSTANCE.instanceId,
        tenantId: "acme",
        state: "created",
        attributes: { name: "bbws-acme-dev-wordpress", userPoolId: POOL_ID, clientId: CLIENT_ID },
        updatedAt: NOW,
      },
    ]);
  });

  it("lists no pools on a first provision: the intent is written, then CreateUserPool (issue 17)", async () => {
    const records = aws.records();
    const seen: string[] = [];
    const put = records.put.bind(records);
    records.put = async (record) => {
      seen.push(`record ${record.state}`);
      return put(record);
    };
    aws.cognito.on(CreateUserPoolCommand).callsFake(() => {
      seen.push("CreateUserPool");
      return { UserPool: { Id: POOL_ID } };
    });
    await aws.provider().ensureIdentity(INSTANCE, SPEC);
    expect(aws.cognito.calls().map((call) => call.args[0].constructor.name)).toEqual([
      "CreateUserPoolCommand",
      "CreateUserPoolClientCommand",
      "CreateGroupCommand",
      "CreateGroupCommand",
      "CreateGroupCommand",
      "DescribeUserPoolDomainCommand",
      "CreateUserPoolDomainCommand",
      "DescribeUserPoolClientCommand",
    ]);
    expect(seen.slice(0, 3)).toEqual(["record intended", "CreateUserPool", "record created"]);
  });

  it("answers a repeat from its records: no second pool, client or domain; same secret token", async () => {
    const provider = aws.provider();
    const first = await provider.ensureIdentity(INSTANCE, SPEC);
    aws.cognito.on(CreateGroupCommand).rejects(awsError("GroupExistsException"));
    aws.cognito
      .on(DescribeUserPoolDomainCommand)
      .resolves({ DomainDescription: { Domain: "bbws-acme-dev", UserPoolId: POOL_ID } });
    aws.cognito
      .on(DescribeUserPoolClientCommand)
      .resolves({ UserPoolClient: { ClientId: CLIENT_ID, ClientSecret: CLIENT_SECRET } });

    expect(await provider.ensureIdentity(INSTANCE, SPEC)).toEqual(first);
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolCommand, 1);
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolClientCommand, 1);
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolDomainCommand, 1);
    expect(aws.cognito).not.toHaveReceivedCommand(ListUserPoolsCommand);
    expect(aws.cognito).toHaveReceivedCommandWith(DescribeUserPoolClientCommand, {
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
    });
    const tokens = inputsOf(aws.secretsManager.commandCalls(CreateSecretCommand)).map(
      (i) => i.ClientRequestToken,
    );
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("reports the domain name without creating it when domains are off (cognito-local)", async () => {
    const outputs = await aws
      .provider({ hostedDomain: { create: false, suffix: "auth.localhost" } })
      .ensureIdentity(INSTANCE, SPEC);
    expect(outputs.hostedDomain).toBe("bbws-acme-dev.auth.localhost");
    expect(aws.cognito).not.toHaveReceivedCommand(DescribeUserPoolDomainCommand);
    expect(aws.cognito).not.toHaveReceivedCommand(CreateUserPoolDomainCommand);
  });
});
