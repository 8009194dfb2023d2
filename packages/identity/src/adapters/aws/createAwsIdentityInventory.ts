import {
  type CognitoIdentityProviderClient,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DeleteSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { OwnedResource, ResourceInventory } from "@bbws/contracts";
import {
  createRateLimiter,
  type Logger,
  listTaggedResources,
  ownedResourcesOf,
  type RateLimiter,
  secretNameOf,
  silentLogger,
  type TaggingClient,
} from "@bbws/mesh";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";
import { identityPlan } from "../../domain/identityPlan.ts";
import { createAwsCall } from "./awsCall.ts";
import { awsErrorMessage, awsErrorName } from "./awsErrors.ts";
import { COGNITO_WRITES_PER_SECOND } from "./createCognitoIdentityProvider.ts";

export const AWS_USER_POOL_KIND = "user-pool";
export const AWS_SECRET_KIND = "secret";

export interface AwsIdentityInventoryOptions {
  readonly tagging: TaggingClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly secretsManager: SecretsManagerClient;
  /** Share the provider's limiter when both run in one process (Cognito: 15 writes/s per account). */
  readonly limiter?: RateLimiter;
  readonly logger?: Logger;
}

const KINDS = { "cognito-idp:userpool": AWS_USER_POOL_KIND, "secretsmanager:secret": AWS_SECRET_KIND };

/** A repeat, or a release in between: the resource is gone, nothing to delete. */
const isGone = (error: unknown) =>
  awsErrorName(error) === "ResourceNotFoundException" ||
  // Forced deletion is asynchronous: for a few seconds the secret is "marked for deletion".
  (awsErrorName(error) === "InvalidRequestException" &&
    /(scheduled|marked) for deletion/i.test(awsErrorMessage(error)));

/**
 * The orphan scan's view of identity on AWS: the user pools and the SSO client secrets
 * tagged `bbws:managedBy`, found through the Resource Groups Tagging API. A secret is
 * identity's only when its name is the one the provider gives it for the tagged tenant
 * and environment (`bbws/{tenantId}/{env}/sso-client`); storage's secrets are not listed.
 */
export function createAwsIdentityInventory(options: AwsIdentityInventoryOptions): ResourceInventory {
  const { cognito, secretsManager } = options;
  const logger = options.logger ?? silentLogger;
  const aws = createAwsCall({
    limiter: options.limiter ?? createRateLimiter({ ratePerSecond: COGNITO_WRITES_PER_SECOND, burst: 1 }),
  });

  /** Listed resources always carry instance and environment: their tags are complete. */
  const isOwnSecret = ({ kind, id, tenantId, instanceId, environment }: OwnedResource) =>
    kind !== AWS_SECRET_KIND ||
    (instanceId !== undefined &&
      environment !== undefined &&
      secretNameOf(id) === identityPlan({ tenantId, instanceId, environment }).secretName);

  /** Cognito refuses to delete a pool that still has a domain: the domain goes first. */
  async function removePool(arn: string): Promise<string[]> {
    const userPoolId = poolIdOf(arn);
    try {
      const { UserPool } = await aws.read("DescribeUserPool", () =>
        cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId })),
      );
      const deleted: string[] = [];
      for (const domain of [UserPool?.Domain, UserPool?.CustomDomain]) {
        if (domain && (await deleteDomain(userPoolId, domain))) deleted.push(`domain:${domain}`);
      }
      await aws.write("DeleteUserPool", () =>
        cognito.send(new DeleteUserPoolCommand({ UserPoolId: userPoolId })),
      );
      deleted.push(`user-pool:${UserPool?.Name ?? userPoolId} (${userPoolId})`);
      return deleted;
    } catch (error) {
      if (isGone(error)) return [];
      throw error;
    }
  }

  async function deleteDomain(userPoolId: string, domain: string): Promise<boolean> {
    try {
      await aws.write("DeleteUserPoolDomain", () =>
        cognito.send(new DeleteUserPoolDomainCommand({ Domain: domain, UserPoolId: userPoolId })),
      );
      return true;
    } catch (error) {
      if (isGone(error)) return false;
      throw error;
    }
  }

  async function removeSecret(arn: string): Promise<string[]> {
    try {
      // By ARN, not name: a newer secret of the same name (a new instance) is never touched.
      await aws.write("DeleteSecret", () =>
        secretsManager.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true })),
      );
      return [`secret:${secretNameOf(arn) ?? arn}`];
    } catch (error) {
      if (isGone(error)) return [];
      throw error;
    }
  }

  return {
    service: "identity",
    async list() {
      const tagged = await aws.read("GetResources", () =>
        listTaggedResources({ client: options.tagging, resourceTypes: Object.keys(KINDS) }),
      );
      return ownedResourcesOf(tagged, { service: "identity", kinds: KINDS, logger }).filter(isOwnSecret);
    },
    async remove(resource) {
      if (resource.kind === AWS_USER_POOL_KIND) return removePool(resource.id);
      if (resource.kind === AWS_SECRET_KIND && secretNameOf(resource.id)) return removeSecret(resource.id);
      throw new IdentityError(
        IDENTITY_CODES.invalidRequest,
        `not an AWS identity resource: ${resource.kind} ${JSON.stringify(resource.id)}`,
        { retryable: false },
      );
    },
  };
}

/** `arn:aws:cognito-idp:{region}:{account}:userpool/{id}` -> `{id}`. */
function poolIdOf(arn: string): string {
  const match = /^arn:[^:]+:cognito-idp:[^:]*:\d*:userpool\/([\w-]+)$/.exec(arn);
  if (!match?.[1])
    throw new IdentityError(IDENTITY_CODES.invalidRequest, `not a user pool ARN: ${JSON.stringify(arn)}`, {
      retryable: false,
    });
  return match[1];
}
