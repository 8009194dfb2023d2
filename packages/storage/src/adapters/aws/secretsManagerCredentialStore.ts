import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  type SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { resourceTags } from "@bbws/contracts";
import type { StorageNames } from "../../domain/storageNames.ts";
import { decodeCredentials, encodeCredentials } from "../credentialsSecret.ts";
import type { CredentialStore, DatabaseCredentials } from "../storageParts.ts";
import { type AwsCall, errorName, tagList } from "./awsCalls.ts";
import { secretsManagerCredentialVersions } from "./secretsManagerCredentialVersions.ts";

/**
 * Credentials in Secrets Manager under `{prefix}{tenantId}/{env}/db`. Read
 * first; created only when missing, with the instanceId as ClientRequestToken.
 * Under a race the loser reads the winner's password back.
 */
export function createSecretsManagerCredentialStore(input: {
  client: SecretsManagerClient;
  call: AwsCall;
  /** e.g. `bbws/`; IAM can then be scoped to `secret:bbws/*`. */
  prefix: string;
  kmsKeyId?: string;
}): CredentialStore {
  const { client, call } = input;
  const nameOf = (names: StorageNames) => `${input.prefix}${names.secretName}`;

  async function read(name: string): Promise<{ ref: string; credentials: DatabaseCredentials } | undefined> {
    const answer = await call("read db secret", () =>
      client.send(new GetSecretValueCommand({ SecretId: name })).catch((error: unknown) => {
        if (errorName(error) === "ResourceNotFoundException") return undefined;
        throw error;
      }),
    );
    if (!answer?.ARN) return undefined;
    return { ref: answer.ARN, credentials: decodeCredentials(answer.SecretString ?? "", name) };
  }

  return {
    async ensure(names, draft) {
      const name = nameOf(names);
      const stored = await read(name);
      if (stored) return stored;
      const created = await call("create db secret", () =>
        client
          .send(
            new CreateSecretCommand({
              Name: name,
              ClientRequestToken: names.instanceId,
              Description: `Database credentials of ${names.databaseUser} (bbws storage)`,
              SecretString: encodeCredentials(draft),
              Tags: tagList(resourceTags(names)),
              ...(input.kmsKeyId ? { KmsKeyId: input.kmsKeyId } : {}),
            }),
          )
          .catch((error: unknown) => {
            if (errorName(error) === "ResourceExistsException") return undefined;
            throw error;
          }),
      );
      if (created?.ARN) return { ref: created.ARN, credentials: draft };
      const winner = await read(name);
      if (!winner) throw new Error(`secret ${name} exists but cannot be read`);
      return winner;
    },
    async remove(names) {
      const name = nameOf(names);
      await call("delete db secret", () =>
        client
          // Without recovery: a secret pending deletion would block re-provisioning the same tenant.
          .send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }))
          .catch((error: unknown) => {
            if (errorName(error) !== "ResourceNotFoundException") throw error;
          }),
      );
      return [`secret:${name}`];
    },
    ...secretsManagerCredentialVersions({ client, call, nameOf }),
  };
}
