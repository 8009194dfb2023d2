import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  InvalidRequestException,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { storageNamesOf } from "../../domain/storageNames.ts";
import { createAwsCall } from "./awsCalls.ts";
import { createSecretsManagerCredentialStore } from "./secretsManagerCredentialStore.ts";

const instanceId = "11111111-1111-4111-8111-111111111111";
const names = storageNamesOf({ instanceId, tenantId: "acme", environment: "prod" });
const client = new SecretsManagerClient({ region: "eu-west-1" });
const sm = mockClient(client);
const store = createSecretsManagerCredentialStore({
  client,
  call: createAwsCall(),
  prefix: "bbws/",
});
const ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:bbws/acme/prod/db-AbCdEf";
const draft = {
  host: "db.example",
  port: 3306,
  database: "wp_acme",
  user: "wp_acme",
  password: "draft-password",
};
const notFound = new ResourceNotFoundException({ $metadata: {}, message: "not found" });
/** Secrets Manager's answers while a force-deleted name is still being removed. */
const markedForDeletion = new InvalidRequestException({
  $metadata: { httpStatusCode: 400 },
  message: "You can't perform this operation on the secret because it was marked for deletion.",
});
const scheduledForDeletion = new InvalidRequestException({
  $metadata: { httpStatusCode: 400 },
  message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
});

beforeEach(() => sm.reset());

describe("createSecretsManagerCredentialStore", () => {
  it("creates a missing secret with the instance as ClientRequestToken, tagged, holding the JSON credentials", async () => {
    sm.on(GetSecretValueCommand).rejects(notFound);
    sm.on(CreateSecretCommand).resolves({ ARN });
    expect(await store.ensure(names, draft)).toEqual({ ref: ARN, credentials: draft });
    expect(sm.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: "bbws/acme/prod/db",
    });
    expect(sm.commandCalls(CreateSecretCommand)[0]?.args[0].input).toEqual({
      Name: "bbws/acme/prod/db",
      ClientRequestToken: instanceId,
      Description: "Database credentials of wp_acme (bbws storage)",
      SecretString: JSON.stringify(draft),
      Tags: [
        { Key: "bbws:tenantId", Value: "acme" },
        { Key: "bbws:instanceId", Value: instanceId },
        { Key: "bbws:environment", Value: "prod" },
        { Key: "bbws:managedBy", Value: "bbws-instance-management" },
      ],
    });
  });

  it("keeps an existing secret: the stored password wins over the draft, nothing is written", async () => {
    const stored = { ...draft, password: "stored-password" };
    sm.on(GetSecretValueCommand).resolves({ ARN, SecretString: JSON.stringify(stored) });
    expect(await store.ensure(names, draft)).toEqual({ ref: ARN, credentials: stored });
    expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(0);
  });

  it("under a race, reads back the winner's secret after ResourceExistsException", async () => {
    const stored = { ...draft, password: "winner-password" };
    sm.on(GetSecretValueCommand)
      .rejectsOnce(notFound)
      .resolves({ ARN, SecretString: JSON.stringify(stored) });
    sm.on(CreateSecretCommand).rejects(new ResourceExistsException({ $metadata: {}, message: "exists" }));
    expect(await store.ensure(names, draft)).toEqual({ ref: ARN, credentials: stored });
  });

  it("refuses a secret that is not credentials JSON, without echoing it", async () => {
    sm.on(GetSecretValueCommand).resolves({ ARN, SecretString: "hunter2" });
    const failure = store.ensure(names, draft);
    await expect(failure).rejects.toThrow(
      expect.objectContaining({ code: "STORAGE.SECRET_FAILED", retryable: false }),
    );
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });

  it("deletes without a recovery window (a pending deletion would block re-provisioning); missing is fine", async () => {
    sm.on(DeleteSecretCommand).rejects(notFound);
    expect(await store.remove(names)).toEqual(["secret:bbws/acme/prod/db"]);
    expect(sm.commandCalls(DeleteSecretCommand)[0]?.args[0].input).toEqual({
      SecretId: "bbws/acme/prod/db",
      ForceDeleteWithoutRecovery: true,
    });
  });

  describe("right after a deprovision of the same tenant (the name is still being deleted)", () => {
    it("fails retryable on GetSecretValue or CreateSecret (SQS redelivers) until the name is free", async () => {
      sm.on(GetSecretValueCommand).rejectsOnce(markedForDeletion).rejects(notFound);
      sm.on(CreateSecretCommand).rejectsOnce(scheduledForDeletion).resolves({ ARN });
      const pending = expect.objectContaining({ code: "STORAGE.SECRET_PENDING_DELETION", retryable: true });
      await expect(store.ensure(names, draft)).rejects.toThrow(pending);
      await expect(store.ensure(names, draft)).rejects.toThrow(pending);
      expect(await store.ensure(names, draft)).toEqual({ ref: ARN, credentials: draft });
      expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(3);
      expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(2);
    });

    it("fails retryable after one CreateSecret (the SDK does not retry it), never for good", async () => {
      sm.on(GetSecretValueCommand).rejects(notFound);
      sm.on(CreateSecretCommand).rejects(scheduledForDeletion);
      await expect(store.ensure(names, draft)).rejects.toThrow(
        expect.objectContaining({ code: "STORAGE.SECRET_PENDING_DELETION", retryable: true }),
      );
      expect(sm.commandCalls(CreateSecretCommand)).toHaveLength(1);
    });

    it("still refuses other invalid requests for good", async () => {
      sm.on(GetSecretValueCommand).rejects(
        new InvalidRequestException({ $metadata: { httpStatusCode: 400 }, message: "bad KMS key" }),
      );
      await expect(store.ensure(names, draft)).rejects.toThrow(
        expect.objectContaining({ code: "STORAGE.CLOUD_FAILED", retryable: false }),
      );
      expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    });
  });
});
