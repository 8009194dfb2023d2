import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  EnvironmentSchema,
  InstanceIdSchema,
  type OwnedResource,
  type ResourceInventory,
  TenantIdSchema,
} from "@bbws/contracts";
import { createFileResourceRecords, createLocalSecrets } from "@bbws/local-cloud";
import { awsSdkRetrySettings, type ResourceRecords } from "@bbws/mesh";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";
import { createAwsCall } from "../aws/awsCall.ts";
import { awsErrorName } from "../aws/awsErrors.ts";
import type { CognitoContext } from "../aws/cognitoContext.ts";
import { releaseDomain } from "../aws/groupsAndDomainSteps.ts";
import { listSsoClientSecrets } from "./listSsoClientSecrets.ts";

export const USER_POOL_KIND = "user-pool";
export const SECRET_KIND = "secret";

export interface LocalIdentityInventoryOptions {
  /** The cognito-local server the local provider uses. */
  readonly cognitoEndpoint: string;
  /** Records in `{dataDir}/identity/records` and secrets in `{dataDir}/secrets` unless given. */
  readonly dataDir: string;
  readonly secretsDir?: string;
  readonly records?: ResourceRecords;
}

/** `bbws-{tenantId}-users`: the name the provider gives every pool (no environment in it). */
const POOL_NAME = /^bbws-([a-z0-9]+)-users$/;
const PAGE_SIZE = 60;

/**
 * The orphan scan's view of local identity: the user pools of cognito-local named
 * `bbws-{tenantId}-users` (instance and environment from their tags, else a record naming
 * the pool) and the SSO client secret files `bbws/{tenantId}/{env}/sso-client`.
 */
export function createLocalIdentityInventory(options: LocalIdentityInventoryOptions): ResourceInventory {
  const context: CognitoContext = {
    client: new CognitoIdentityProviderClient({
      ...awsSdkRetrySettings(),
      endpoint: options.cognitoEndpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    aws: createAwsCall(),
    records: options.records ?? createFileResourceRecords(join(options.dataDir, "identity", "records")),
    clock: () => new Date(),
  };
  const secretsDir = options.secretsDir ?? join(options.dataDir, "secrets");
  const secrets = createLocalSecrets(secretsDir);

  async function userPools(): Promise<OwnedResource[]> {
    const pools: OwnedResource[] = [];
    let nextToken: string | undefined;
    do {
      const input = { MaxResults: PAGE_SIZE, ...(nextToken ? { NextToken: nextToken } : {}) };
      const page = await context.aws.read("ListUserPools", () =>
        context.client.send(new ListUserPoolsCommand(input)),
      );
      for (const { Id, Name } of page.UserPools ?? []) {
        const tenantId = TenantIdSchema.safeParse(POOL_NAME.exec(Name ?? "")?.[1]);
        if (Id && tenantId.success) pools.push(await poolResource(Id, tenantId.data));
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return pools;
  }

  async function poolResource(userPoolId: string, tenantId: string): Promise<OwnedResource> {
    const { UserPool } = await context.aws.read("DescribeUserPool", () =>
      context.client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
    );
    const tags = UserPool?.UserPoolTags ?? {};
    const record = (await context.records.list()).find(
      (item) => item.kind === USER_POOL_KIND && item.attributes.userPoolId === userPoolId,
    );
    const instanceId = InstanceIdSchema.safeParse(tags["bbws:instanceId"] ?? record?.instanceId);
    const environment = EnvironmentSchema.safeParse(tags["bbws:environment"]);
    return {
      service: "identity",
      kind: USER_POOL_KIND,
      id: userPoolId,
      tenantId,
      ...(environment.success ? { environment: environment.data } : {}),
      ...(instanceId.success ? { instanceId: instanceId.data } : {}),
    };
  }

  /** Domain (none on cognito-local), app clients (cognito-local keeps them), the pool, then its records. */
  async function removePool(userPoolId: string): Promise<string[]> {
    try {
      const { UserPool } = await context.aws.read("DescribeUserPool", () =>
        context.client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
      );
      const deleted: string[] = [];
      if (UserPool?.Domain && (await releaseDomain(context, UserPool.Domain, userPoolId)))
        deleted.push(`domain:${UserPool.Domain}`);
      const { UserPoolClients = [] } = await context.aws.read("ListUserPoolClients", () =>
        context.client.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 })),
      );
      for (const { ClientId, ClientName } of UserPoolClients) {
        await context.aws.write("DeleteUserPoolClient", () =>
          context.client.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId })),
        );
        deleted.push(`app-client:${ClientName ?? ClientId}`);
      }
      await context.aws.write("DeleteUserPool", () =>
        context.client.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })),
      );
      deleted.push(`user-pool:${UserPool?.Name ?? userPoolId} (${userPoolId})`);
      await forgetRecords(userPoolId);
      return deleted;
    } catch (error) {
      // Gone already (an earlier cleanup, a release in between): nothing to delete.
      if (awsErrorName(error) === "ResourceNotFoundException") return [];
      throw error;
    }
  }

  async function forgetRecords(userPoolId: string): Promise<void> {
    const all = await context.records.list();
    const owners = new Set(
      all
        .filter((item) => item.kind === USER_POOL_KIND && item.attributes.userPoolId === userPoolId)
        .map((item) => item.instanceId),
    );
    for (const item of all) if (owners.has(item.instanceId)) await context.records.remove(item.key);
  }

  return {
    service: "identity",
    async list() {
      return [...(await userPools()), ...listSsoClientSecrets(secrets)];
    },
    async remove(resource) {
      if (resource.kind === USER_POOL_KIND) return removePool(resource.id);
      if (resource.kind !== SECRET_KIND)
        throw new IdentityError(
          IDENTITY_CODES.invalidRequest,
          `not a local identity resource: ${resource.kind}`,
          {
            retryable: false,
          },
        );
      if (!secrets.exists(resource.id)) return [];
      secrets.remove(resource.id);
      return [`secret:${resource.id}`];
    },
  };
}
