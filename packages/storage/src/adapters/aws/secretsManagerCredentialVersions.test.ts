import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { storageNamesOf } from "../../domain/storageNames.ts";
import { createAwsCall } from "./awsCalls.ts";
import { secretsManagerCredentialVersions } from "./secretsManagerCredentialVersions.ts";

const names = storageNamesOf({
  instanceId: "11111111-1111-4111-8111-111111111111",
  tenantId: "acme",
  environment: "prod",
});
const SECRET = "bbws/acme/prod/db";
const ROTATION = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
const FIRST = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
const base = { host: "db.example", port: 3306, database: "wp_acme" };
const current = { ...base, user: "wp_acme", password: "old-password" };
const next = { ...base, user: "wp_acme_alt", password: "new-password" };

const client = new SecretsManagerClient({ region: "eu-west-1" });
const sm = mockClient(client);
const versions = secretsManagerCredentialVersions({ client, call: createAwsCall(), nameOf: () => SECRET });

/**
 * Secrets Manager's staging labels as AWS documents them: a label is on one version at a time;
 * moving AWSCURRENT puts AWSPREVIOUS on the version it left.
 */
function fakeSecretsManager() {
  const store = new Map<string, { text: string; stages: Set<string> }>([
    [FIRST, { text: JSON.stringify(current), stages: new Set(["AWSCURRENT"]) }],
  ]);
  const label = (stage: string, versionId: string) => {
    for (const version of store.values()) version.stages.delete(stage);
    store.get(versionId)?.stages.add(stage);
  };
  sm.on(DescribeSecretCommand).callsFake(() => ({
    VersionIdsToStages: Object.fromEntries([...store].map(([id, version]) => [id, [...version.stages]])),
  }));
  sm.on(GetSecretValueCommand).callsFake((input: { VersionId: string }) => ({
    SecretString: store.get(input.VersionId)?.text,
    VersionId: input.VersionId,
  }));
  sm.on(PutSecretValueCommand).callsFake(
    (input: { ClientRequestToken: string; SecretString: string; VersionStages: string[] }) => {
      store.set(input.ClientRequestToken, { text: input.SecretString, stages: new Set() });
      for (const stage of input.VersionStages) label(stage, input.ClientRequestToken);
      return {};
    },
  );
  sm.on(UpdateSecretVersionStageCommand).callsFake(
    (input: { VersionStage: string; MoveToVersionId?: string; RemoveFromVersionId?: string }) => {
      if (input.RemoveFromVersionId) store.get(input.RemoveFromVersionId)?.stages.delete(input.VersionStage);
      if (input.MoveToVersionId) label(input.VersionStage, input.MoveToVersionId);
      if (input.VersionStage === "AWSCURRENT" && input.RemoveFromVersionId)
        label("AWSPREVIOUS", input.RemoveFromVersionId);
      return {};
    },
  );
  return store;
}

const stagesOf = (store: ReturnType<typeof fakeSecretsManager>) =>
  Object.fromEntries([...store].map(([id, version]) => [id, [...version.stages].sort()]));
const inputsOf = <T>(command: new (input: T) => unknown) =>
  sm.commandCalls(command as never).map((call) => call.args[0].input);

beforeEach(() => sm.reset());

describe("secretsManagerCredentialVersions: AWS's rotation steps on staging labels", () => {
  it("createSecret puts AWSPENDING with the rotation as ClientRequestToken; finishSecret moves AWSCURRENT and drops AWSPENDING", async () => {
    const store = fakeSecretsManager();
    await versions.putPending(names, next, ROTATION);
    expect(inputsOf(PutSecretValueCommand)).toEqual([
      {
        SecretId: SECRET,
        ClientRequestToken: ROTATION,
        SecretString: JSON.stringify(next),
        VersionStages: ["AWSPENDING"],
      },
    ]);
    expect((await versions.versions(names)).pending).toEqual({ credentials: next, versionId: ROTATION });
    await versions.promote(names, ROTATION);
    expect(inputsOf(UpdateSecretVersionStageCommand)).toEqual([
      { SecretId: SECRET, VersionStage: "AWSCURRENT", MoveToVersionId: ROTATION, RemoveFromVersionId: FIRST },
      { SecretId: SECRET, VersionStage: "AWSPENDING", RemoveFromVersionId: ROTATION },
    ]);
    expect(stagesOf(store)).toEqual({ [FIRST]: ["AWSPREVIOUS"], [ROTATION]: ["AWSCURRENT"] });
    expect(await versions.versions(names)).toEqual({
      current: { credentials: next, versionId: ROTATION },
      previous: { credentials: current, versionId: FIRST },
    });
  });

  it("repeats nothing: a second createSecret keeps the pending version, a second finishSecret moves no label", async () => {
    fakeSecretsManager();
    await versions.putPending(names, next, ROTATION);
    await versions.putPending(names, { ...next, password: "another" }, ROTATION);
    expect(inputsOf(PutSecretValueCommand)).toHaveLength(1);
    await versions.promote(names, ROTATION);
    await versions.promote(names, ROTATION);
    expect(inputsOf(UpdateSecretVersionStageCommand)).toHaveLength(2);
  });

  it("a rollback puts AWSCURRENT back on the previous version; the revoke then drops AWSPREVIOUS", async () => {
    const store = fakeSecretsManager();
    await versions.putPending(names, next, ROTATION);
    await versions.promote(names, ROTATION);
    sm.resetHistory();
    await versions.demote(names, ROTATION);
    expect(inputsOf(UpdateSecretVersionStageCommand)).toEqual([
      { SecretId: SECRET, VersionStage: "AWSCURRENT", MoveToVersionId: FIRST, RemoveFromVersionId: ROTATION },
    ]);
    expect((await versions.versions(names)).current).toEqual({ credentials: current, versionId: FIRST });
    await versions.forgetPrevious(names);
    expect(inputsOf(UpdateSecretVersionStageCommand).at(-1)).toEqual({
      SecretId: SECRET,
      VersionStage: "AWSPREVIOUS",
      RemoveFromVersionId: ROTATION,
    });
    expect(stagesOf(store)).toEqual({ [FIRST]: ["AWSCURRENT"], [ROTATION]: [] });
  });

  it("a rollback before finishSecret only drops AWSPENDING: AWSCURRENT never moved", async () => {
    fakeSecretsManager();
    await versions.putPending(names, next, ROTATION);
    sm.resetHistory();
    await versions.demote(names, ROTATION);
    expect(inputsOf(UpdateSecretVersionStageCommand)).toEqual([
      { SecretId: SECRET, VersionStage: "AWSPENDING", RemoveFromVersionId: ROTATION },
    ]);
    expect((await versions.versions(names)).current.versionId).toBe(FIRST);
  });
});
