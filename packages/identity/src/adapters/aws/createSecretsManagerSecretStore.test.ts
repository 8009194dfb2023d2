import "aws-sdk-client-mock-vitest/extend";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { resourceTags } from "@bbws/contracts";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createFakeSecretsManager } from "../../testing/fakeSecretsManager.ts";
import { awsError, INSTANCE, SECRET_ARN } from "../../testing/mockedAws.ts";
import { describeSecretStoreContract } from "../secretStoreContract.ts";
import { clientRequestToken, createSecretsManagerSecretStore } from "./createSecretsManagerSecretStore.ts";

describeSecretStoreContract("Secrets Manager (stateful fake)", () => {
  const fake = createFakeSecretsManager();
  return {
    store: createSecretsManagerSecretStore({ client: fake.client }),
    read: async (reference) => fake.read(reference),
  };
});

const client = new SecretsManagerClient({ region: "eu-west-1" });
const sm = mockClient(client);
const store = createSecretsManagerSecretStore({ client });
const NAME = "bbws/acme/dev/sso-client";
const put = () => store.put({ name: NAME, value: "value", instance: INSTANCE, idempotencyKey: "client0001" });
const OWN_TAGS = Object.entries(resourceTags(INSTANCE)).map(([Key, Value]) => ({ Key, Value }));
const TOKEN = clientRequestToken(`${INSTANCE.instanceId}/${NAME}/client0001`);

beforeEach(() => sm.reset());

describe("createSecretsManagerSecretStore", () => {
  it("derives the same UUID-shaped ClientRequestToken from the same seed, and another from another", () => {
    expect(clientRequestToken("a/b")).toBe(clientRequestToken("a/b"));
    expect(clientRequestToken("a/b")).not.toBe(clientRequestToken("a/c"));
    expect(clientRequestToken("a/b")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("adds a version to its own secret when the name exists (a new app client for the instance)", async () => {
    sm.on(CreateSecretCommand).rejects(awsError("ResourceExistsException"));
    sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: OWN_TAGS });
    sm.on(PutSecretValueCommand).resolves({ ARN: SECRET_ARN });
    expect(await put()).toBe(SECRET_ARN);
    expect(sm).toHaveReceivedCommandWith(DescribeSecretCommand, { SecretId: NAME });
    expect(sm.commandCalls(PutSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: SECRET_ARN, SecretString: "value", ClientRequestToken: TOKEN },
    ]);
  });

  it("never overwrites another instance's secret: IDENTITY.SECRET_CONFLICT", async () => {
    sm.on(CreateSecretCommand).rejects(awsError("ResourceExistsException"));
    sm.on(DescribeSecretCommand).resolves({
      ARN: SECRET_ARN,
      Tags: [{ Key: "bbws:instanceId", Value: "99999999-9999-4999-8999-999999999999" }],
    });
    await expect(put()).rejects.toMatchObject({ code: "IDENTITY.SECRET_CONFLICT", retryable: false });
    expect(sm).not.toHaveReceivedCommand(PutSecretValueCommand);
  });

  it("reports a name still being deleted as IDENTITY.SECRET_PENDING_DELETION, retryable", async () => {
    sm.on(CreateSecretCommand).rejects(
      awsError(
        "InvalidRequestException",
        400,
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
      ),
    );
    await expect(put()).rejects.toMatchObject({ code: "IDENTITY.SECRET_PENDING_DELETION", retryable: true });
  });

  it("maps a throttled CreateSecret after one call to IDENTITY.THROTTLED (retryable), a quota to IDENTITY.QUOTA_EXHAUSTED", async () => {
    sm.on(CreateSecretCommand).rejectsOnce(awsError("ThrottlingException")).resolves({ ARN: SECRET_ARN });
    await expect(put()).rejects.toMatchObject({ code: "IDENTITY.THROTTLED", retryable: true });
    expect(sm).toHaveReceivedCommandTimes(CreateSecretCommand, 1);
    expect(await put()).toBe(SECRET_ARN);
    expect(sm).toHaveReceivedCommandTimes(CreateSecretCommand, 2);
    sm.on(CreateSecretCommand).rejects(awsError("LimitExceededException"));
    await expect(put()).rejects.toMatchObject({ code: "IDENTITY.QUOTA_EXHAUSTED", retryable: false });
  });

  it("deletes its own secret without a recovery window", async () => {
    sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: OWN_TAGS });
    sm.on(DeleteSecretCommand).resolves({});
    expect(await store.remove(NAME, INSTANCE)).toBe(true);
    expect(sm.commandCalls(DeleteSecretCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: NAME, ForceDeleteWithoutRecovery: true },
    ]);
  });

  it("leaves a secret of another instance alone (a late repeat of an old release)", async () => {
    sm.on(DescribeSecretCommand).resolves({
      ARN: SECRET_ARN,
      Tags: [{ Key: "bbws:instanceId", Value: "99999999-9999-4999-8999-999999999999" }],
    });
    expect(await store.remove(NAME, INSTANCE)).toBe(false);
    expect(sm).not.toHaveReceivedCommand(DeleteSecretCommand);
  });

  it("treats 'not found' and 'already marked for deletion' as nothing to do", async () => {
    sm.on(DescribeSecretCommand).rejects(awsError("ResourceNotFoundException"));
    expect(await store.remove(NAME, INSTANCE)).toBe(false);
    sm.on(DescribeSecretCommand).resolves({ ARN: SECRET_ARN, Tags: OWN_TAGS });
    sm.on(DeleteSecretCommand).rejects(
      awsError(
        "InvalidRequestException",
        400,
        "You can't perform this operation on the secret because it was marked for deletion.",
      ),
    );
    expect(await store.remove(NAME, INSTANCE)).toBe(false);
  });
});
