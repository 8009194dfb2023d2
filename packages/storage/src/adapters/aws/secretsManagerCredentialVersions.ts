import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import type { StorageNames } from "../../domain/storageNames.ts";
import { decodeCredentials, encodeCredentials } from "../credentialsSecret.ts";
import type { CredentialStore, CredentialVersion } from "../storageParts.ts";
import type { AwsCall } from "./awsCalls.ts";

const CURRENT = "AWSCURRENT";
const PENDING = "AWSPENDING";
const PREVIOUS = "AWSPREVIOUS";

type Versions = Pick<CredentialStore, "versions" | "putPending" | "promote" | "demote" | "forgetPrevious">;

/**
 * A rotation's versions as Secrets Manager's staging labels, the steps of AWS's rotation function
 * template: createSecret puts the AWSPENDING version (ClientRequestToken = the rotation's id),
 * finishSecret moves AWSCURRENT to it (the old version gets AWSPREVIOUS) and drops AWSPENDING.
 * The revoked previous version loses its AWSPREVIOUS label, so "a previous version" always means
 * one whose user still logs in.
 */
export function secretsManagerCredentialVersions(input: {
  client: SecretsManagerClient;
  call: AwsCall;
  nameOf: (names: StorageNames) => string;
}): Versions {
  const { client, call, nameOf } = input;

  async function stages(secretId: string): Promise<Map<string, string>> {
    const described = await call("describe db secret", () =>
      client.send(new DescribeSecretCommand({ SecretId: secretId })),
    );
    const byStage = new Map<string, string>();
    for (const [versionId, labels] of Object.entries(described.VersionIdsToStages ?? {}))
      for (const label of labels) byStage.set(label, versionId);
    return byStage;
  }

  async function read(secretId: string, versionId: string): Promise<CredentialVersion> {
    const answer = await call("read db secret version", () =>
      client.send(new GetSecretValueCommand({ SecretId: secretId, VersionId: versionId })),
    );
    return { credentials: decodeCredentials(answer.SecretString ?? "", secretId), versionId };
  }

  async function move(secretId: string, stage: string, change: { to?: string; from?: string }) {
    await call(`move ${stage}`, () =>
      client.send(
        new UpdateSecretVersionStageCommand({
          SecretId: secretId,
          VersionStage: stage,
          ...(change.to ? { MoveToVersionId: change.to } : {}),
          ...(change.from ? { RemoveFromVersionId: change.from } : {}),
        }),
      ),
    );
  }

  return {
    async versions(names) {
      const secretId = nameOf(names);
      const byStage = await stages(secretId);
      const currentId = byStage.get(CURRENT);
      if (!currentId) throw new Error(`secret ${secretId} has no ${CURRENT} version`);
      const [pendingId, previousId] = [byStage.get(PENDING), byStage.get(PREVIOUS)];
      return {
        current: await read(secretId, currentId),
        ...(pendingId && pendingId !== currentId ? { pending: await read(secretId, pendingId) } : {}),
        ...(previousId ? { previous: await read(secretId, previousId) } : {}),
      };
    },
    async putPending(names, credentials, versionId) {
      const secretId = nameOf(names);
      const byStage = await stages(secretId);
      const pending = byStage.get(PENDING);
      if (pending && pending !== byStage.get(CURRENT)) return;
      await call("put pending db secret", () =>
        client.send(
          new PutSecretValueCommand({
            SecretId: secretId,
            ClientRequestToken: versionId,
            SecretString: encodeCredentials(credentials),
            VersionStages: [PENDING],
          }),
        ),
      );
    },
    async promote(names, versionId) {
      const secretId = nameOf(names);
      const currentId = (await stages(secretId)).get(CURRENT);
      if (currentId === versionId) return;
      await move(secretId, CURRENT, { to: versionId, ...(currentId ? { from: currentId } : {}) });
      await move(secretId, PENDING, { from: versionId });
    },
    async demote(names, versionId) {
      const secretId = nameOf(names);
      const byStage = await stages(secretId);
      const previousId = byStage.get(PREVIOUS);
      if (byStage.get(CURRENT) === versionId && previousId)
        await move(secretId, CURRENT, { to: previousId, from: versionId });
      const pendingId = byStage.get(PENDING);
      if (pendingId) await move(secretId, PENDING, { from: pendingId });
    },
    async forgetPrevious(names) {
      const secretId = nameOf(names);
      const previousId = (await stages(secretId)).get(PREVIOUS);
      if (previousId) await move(secretId, PREVIOUS, { from: previousId });
    },
  };
}
