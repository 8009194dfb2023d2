import { createHash } from "node:crypto";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  type Tag,
} from "@aws-sdk/client-secrets-manager";
import { type InstanceRef, resourceTags } from "@bbws/contracts";
import { IDENTITY_CODES, IdentityError } from "../../domain/errors.ts";
import type { SecretStore } from "../../ports.ts";
import { createAwsCall } from "./awsCall.ts";
import { awsErrorMessage, awsErrorName } from "./awsErrors.ts";

/** A UUID-shaped ClientRequestToken derived from the seed: the same seed, the same token. */
export function clientRequestToken(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  const variant = (8 | (Number.parseInt(hex[16] ?? "0", 16) & 3)).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const ownerOf = (tags: readonly Tag[] | undefined) =>
  tags?.find((tag) => tag.Key === "bbws:instanceId")?.Value;

/** Forced deletion is asynchronous: for a few seconds the name is "scheduled/marked for deletion". */
const isPendingDeletion = (error: unknown) =>
  awsErrorName(error) === "InvalidRequestException" &&
  /(scheduled|marked) for deletion/i.test(awsErrorMessage(error));

/**
 * The client secret in Secrets Manager. CreateSecret with a token derived
 * from the instance and its app client is idempotent; a name that already
 * exists is ours only when tagged with this instance (then a new version),
 * and only then is it deleted.
 */
export function createSecretsManagerSecretStore(options: { client: SecretsManagerClient }): SecretStore {
  const { client } = options;
  const aws = createAwsCall();

  async function overwriteOwn(name: string, value: string, instance: InstanceRef, token: string) {
    const described = await aws.read("DescribeSecret", () =>
      client.send(new DescribeSecretCommand({ SecretId: name })),
    );
    const owner = ownerOf(described.Tags);
    if (owner !== instance.instanceId || !described.ARN)
      throw new IdentityError(
        IDENTITY_CODES.secretConflict,
        `secret ${name} belongs to instance ${owner ?? "unknown"}, not ${instance.instanceId}: delete the leftover`,
        { retryable: false },
      );
    const arn = described.ARN;
    await aws.write("PutSecretValue", () =>
      client.send(
        new PutSecretValueCommand({ SecretId: arn, SecretString: value, ClientRequestToken: token }),
      ),
    );
    return arn;
  }

  return {
    async put({ name, value, instance, idempotencyKey }) {
      const token = clientRequestToken(`${instance.instanceId}/${name}/${idempotencyKey}`);
      const tags = Object.entries(resourceTags(instance)).map(([Key, Value]) => ({ Key, Value }));
      try {
        const created = await aws.write("CreateSecret", () =>
          client.send(
            new CreateSecretCommand({
              Name: name,
              Description: `WordPress SSO app client of ${instance.tenantId} (${instance.environment})`,
              SecretString: value,
              ClientRequestToken: token,
              Tags: tags,
            }),
          ),
        );
        if (created.ARN) return created.ARN;
        throw new IdentityError(IDENTITY_CODES.unexpected, "CreateSecret answered without an ARN", {
          retryable: true,
        });
      } catch (error) {
        if (awsErrorName(error) === "ResourceExistsException")
          return overwriteOwn(name, value, instance, token);
        if (isPendingDeletion(error))
          throw new IdentityError(
            IDENTITY_CODES.secretPendingDeletion,
            `secret ${name} is still being deleted`,
            { retryable: true, cause: error },
          );
        throw error;
      }
    },
    async remove(name, instance) {
      try {
        const described = await aws.read("DescribeSecret", () =>
          client.send(new DescribeSecretCommand({ SecretId: name })),
        );
        if (ownerOf(described.Tags) !== instance.instanceId) return false;
        await aws.write("DeleteSecret", () =>
          client.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true })),
        );
        return true;
      } catch (error) {
        // A repeat while the forced deletion is still in progress is as good as done.
        if (awsErrorName(error) === "ResourceNotFoundException" || isPendingDeletion(error)) return false;
        throw error;
      }
    },
  };
}
