import {
  CognitoIdentityProviderClient,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import { DeleteSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { OwnedResource } from "@bbws/contracts";
import { createJsonLogger } from "@bbws/mesh";
import { inputsOf } from "@bbws/mesh/testing";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { awsError, unlimited } from "../../testing/mockedAws.ts";
import { createAwsIdentityInventory } from "./createAwsIdentityInventory.ts";

const INSTANCE_ID = "11111111-1111-4111-8111-111111111111";
const ACCOUNT = "arn:aws:%s:eu-west-1:123456789012";
const arn = (service: string, resource: string) => `${ACCOUNT.replace("%s", service)}:${resource}`;
const POOL_ARN = arn("cognito-idp", "userpool/eu-west-1_Pool0001");
const SSO_SECRET_ARN = arn("secretsmanager", "secret:bbws/acme/dev/sso-client-AbCdEf");
const DB_SECRET_ARN = arn("secretsmanager", "secret:bbws/acme/dev/db-XyZ123");
const tags = (tenantId = "acme", environment = "dev") => [
  { Key: "bbws:tenantId", Value: tenantId },
  { Key: "bbws:instanceId", Value: INSTANCE_ID },
  { Key: "bbws:environment", Value: environment },
  { Key: "bbws:managedBy", Value: "bbws-instance-management" },
];

const taggingClient = new ResourceGroupsTaggingAPIClient({ region: "eu-west-1" });
const cognitoClient = new CognitoIdentityProviderClient({ region: "eu-west-1" });
const secretsClient = new SecretsManagerClient({ region: "eu-west-1" });
const tagging = mockClient(taggingClient);
const cognito = mockClient(cognitoClient);
const secrets = mockClient(secretsClient);
const logLines: string[] = [];

const inventory = () =>
  createAwsIdentityInventory({
    tagging: taggingClient,
    cognito: cognitoClient,
    secretsManager: secretsClient,
    limiter: unlimited,
    logger: createJsonLogger({ write: (line) => logLines.push(line) }),
  });

const owned = (kind: string, id: string): OwnedResource => ({
  service: "identity",
  kind,
  id,
  tenantId: "acme",
  instanceId: INSTANCE_ID,
  environment: "dev",
});

beforeEach(() => {
  tagging.reset();
  cognito.reset();
  secrets.reset();
  logLines.length = 0;
});

describe("createAwsIdentityInventory: list", () => {
  it("lists tagged pools and only identity's secrets, with the owner from the tags", async () => {
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({
        ResourceTagMappingList: [
          { ResourceARN: POOL_ARN, Tags: tags() },
          { ResourceARN: DB_SECRET_ARN, Tags: tags() },
        ],
        PaginationToken: "next",
      })
      .resolvesOnce({
        ResourceTagMappingList: [
          { ResourceARN: SSO_SECRET_ARN, Tags: tags() },
          // Tagged for another tenant than its name says: not a secret the provider made.
          { ResourceARN: arn("secretsmanager", "secret:bbws/other/dev/sso-client-Qwerty"), Tags: tags() },
          { ResourceARN: arn("cognito-idp", "userpool/eu-west-1_Pool0002"), Tags: tags().slice(1) },
        ],
        PaginationToken: "",
      });

    expect(await inventory().list()).toEqual([owned("user-pool", POOL_ARN), owned("secret", SSO_SECRET_ARN)]);
    const filters = {
      TagFilters: [{ Key: "bbws:managedBy", Values: ["bbws-instance-management"] }],
      ResourceTypeFilters: ["cognito-idp:userpool", "secretsmanager:secret"],
      ResourcesPerPage: 100,
    };
    expect(inputsOf(tagging.commandCalls(GetResourcesCommand))).toEqual([
      filters,
      { ...filters, PaginationToken: "next" },
    ]);
    expect(logLines.map((line) => JSON.parse(line).arn)).toEqual([
      arn("cognito-idp", "userpool/eu-west-1_Pool0002"),
    ]);
  });

  it("maps a refused listing to an IdentityError", async () => {
    tagging.on(GetResourcesCommand).rejects(awsError("AccessDeniedException"));
    await expect(inventory().list()).rejects.toMatchObject({ code: "IDENTITY.ACCESS_DENIED" });
  });
});

describe("createAwsIdentityInventory: remove", () => {
  it("deletes the pool's domain, then the pool, with exactly these inputs", async () => {
    cognito.on(DescribeUserPoolCommand).resolves({
      UserPool: { Id: "eu-west-1_Pool0001", Name: "bbws-acme-users", Domain: "bbws-acme-dev" },
    });
    cognito.on(DeleteUserPoolDomainCommand).resolves({});
    cognito.on(DeleteUserPoolCommand).resolves({});

    expect(await inventory().remove(owned("user-pool", POOL_ARN))).toEqual([
      "domain:bbws-acme-dev",
      "user-pool:bbws-acme-users (eu-west-1_Pool0001)",
    ]);
    expect(cognito.calls().map((call) => call.args[0].constructor.name)).toEqual([
      "DescribeUserPoolCommand",
      "DeleteUserPoolDomainCommand",
      "DeleteUserPoolCommand",
    ]);
    expect(inputsOf(cognito.commandCalls(DescribeUserPoolCommand))).toEqual([
      { UserPoolId: "eu-west-1_Pool0001" },
    ]);
    expect(inputsOf(cognito.commandCalls(DeleteUserPoolDomainCommand))).toEqual([
      { Domain: "bbws-acme-dev", UserPoolId: "eu-west-1_Pool0001" },
    ]);
    expect(inputsOf(cognito.commandCalls(DeleteUserPoolCommand))).toEqual([
      { UserPoolId: "eu-west-1_Pool0001" },
    ]);
  });

  it("deletes a pool without a domain directly; a pool already gone deletes nothing", async () => {
    cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { Id: "eu-west-1_Pool0001" } });
    cognito.on(DeleteUserPoolCommand).resolves({});
    expect(await inventory().remove(owned("user-pool", POOL_ARN))).toEqual([
      "user-pool:eu-west-1_Pool0001 (eu-west-1_Pool0001)",
    ]);
    expect(cognito.commandCalls(DeleteUserPoolDomainCommand)).toHaveLength(0);

    cognito.reset();
    cognito.on(DescribeUserPoolCommand).rejects(awsError("ResourceNotFoundException"));
    expect(await inventory().remove(owned("user-pool", POOL_ARN))).toEqual([]);
    expect(cognito.commandCalls(DeleteUserPoolCommand)).toHaveLength(0);
  });

  it("deletes a secret by its ARN without recovery; gone or being deleted is done", async () => {
    secrets.on(DeleteSecretCommand).resolves({});
    expect(await inventory().remove(owned("secret", SSO_SECRET_ARN))).toEqual([
      "secret:bbws/acme/dev/sso-client",
    ]);
    expect(inputsOf(secrets.commandCalls(DeleteSecretCommand))).toEqual([
      { SecretId: SSO_SECRET_ARN, ForceDeleteWithoutRecovery: true },
    ]);

    secrets.reset();
    secrets.on(DeleteSecretCommand).rejects(awsError("ResourceNotFoundException"));
    expect(await inventory().remove(owned("secret", SSO_SECRET_ARN))).toEqual([]);
    secrets.reset();
    secrets
      .on(DeleteSecretCommand)
      .rejects(
        awsError(
          "InvalidRequestException",
          400,
          "You can't perform this operation on the secret because it was marked for deletion.",
        ),
      );
    expect(await inventory().remove(owned("secret", SSO_SECRET_ARN))).toEqual([]);
  });

  it("refuses what it never lists, before any call", async () => {
    await expect(inventory().remove(owned("app-client", "client0001"))).rejects.toMatchObject({
      code: "IDENTITY.INVALID_REQUEST",
    });
    await expect(inventory().remove(owned("user-pool", "eu-west-1_Pool0001"))).rejects.toMatchObject({
      code: "IDENTITY.INVALID_REQUEST",
    });
    expect(cognito.calls()).toHaveLength(0);
    expect(secrets.calls()).toHaveLength(0);
  });
});
