import "aws-sdk-client-mock-vitest/extend";
import {
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { DeleteSecretCommand, DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { beforeEach, describe, expect, it } from "vitest";
import { awsError, CLIENT_ID, INSTANCE, mockedAws, POOL_ID, SPEC } from "../../testing/mockedAws.ts";

const aws = mockedAws();
const inputsOf = <T>(calls: { args: [{ input: T }] }[]) => calls.map((call) => call.args[0].input);

beforeEach(() => aws.reset());

describe("createCognitoIdentityProvider: release", () => {
  it("deletes domain, client, pool and secret with exactly these inputs, then forgets the records", async () => {
    const provider = aws.provider();
    await provider.ensureIdentity(INSTANCE, SPEC);
    aws.cognito
      .on(DescribeUserPoolDomainCommand)
      .resolves({ DomainDescription: { Domain: "bbws-acme-dev", UserPoolId: POOL_ID } });
    aws.cognito.on(DeleteUserPoolDomainCommand).resolves({});
    aws.cognito.on(DeleteUserPoolClientCommand).resolves({});
    aws.cognito.on(DeleteUserPoolCommand).resolves({});
    aws.cognito.resetHistory();

    expect(await provider.releaseIdentity(INSTANCE)).toEqual([
      "bbws-acme-dev",
      "bbws-acme-dev-wordpress",
      "bbws-acme-users",
      "bbws/acme/dev/sso-client",
    ]);
    const calls = aws.cognito.calls().map((call) => call.args[0].constructor.name);
    expect(calls).toEqual([
      "DescribeUserPoolDomainCommand",
      "DeleteUserPoolDomainCommand",
      "DeleteUserPoolClientCommand",
      "DeleteUserPoolCommand",
    ]);
    expect(aws.cognito).toHaveReceivedCommandWith(DeleteUserPoolDomainCommand, {
      Domain: "bbws-acme-dev",
      UserPoolId: POOL_ID,
    });
    expect(aws.cognito).toHaveReceivedCommandWith(DeleteUserPoolClientCommand, {
      UserPoolId: POOL_ID,
      ClientId: CLIENT_ID,
    });
    expect(aws.cognito).toHaveReceivedCommandWith(DeleteUserPoolCommand, { UserPoolId: POOL_ID });
    expect(aws.secretsManager).toHaveReceivedCommandWith(DescribeSecretCommand, {
      SecretId: "bbws/acme/dev/sso-client",
    });
    expect(inputsOf(aws.secretsManager.commandCalls(DeleteSecretCommand))).toEqual([
      { SecretId: "bbws/acme/dev/sso-client", ForceDeleteWithoutRecovery: true },
    ]);
    expect(await aws.records().list()).toEqual([]);
  });

  it("tolerates 'not found' everywhere (a repeat after a crash mid-release)", async () => {
    const provider = aws.provider();
    await provider.ensureIdentity(INSTANCE, SPEC);
    aws.cognito.on(DescribeUserPoolDomainCommand).rejects(awsError("ResourceNotFoundException"));
    aws.cognito.on(DeleteUserPoolClientCommand).rejects(awsError("ResourceNotFoundException"));
    aws.cognito.on(DeleteUserPoolCommand).rejects(awsError("ResourceNotFoundException"));
    aws.secretsManager.on(DescribeSecretCommand).rejects(awsError("ResourceNotFoundException"));

    expect(await provider.releaseIdentity(INSTANCE)).toEqual([]);
    expect(aws.cognito).not.toHaveReceivedCommand(DeleteUserPoolDomainCommand);
    expect(await aws.records().list()).toEqual([]);
  });

  it("touches nothing when nothing was ever recorded: a late repeat must not hit a newer instance's secret", async () => {
    expect(await aws.provider().releaseIdentity(INSTANCE)).toEqual([]);
    expect(aws.cognito.calls()).toEqual([]);
    expect(aws.secretsManager.calls()).toEqual([]);
  });

  it("keeps the records when a delete fails, so the repeat finds what is left", async () => {
    const provider = aws.provider();
    await provider.ensureIdentity(INSTANCE, SPEC);
    aws.cognito.on(DescribeUserPoolDomainCommand).resolves({ DomainDescription: {} });
    aws.cognito.on(DeleteUserPoolClientCommand).resolves({});
    aws.cognito.on(DeleteUserPoolCommand).rejects(awsError("InvalidParameterException"));

    await expect(provider.releaseIdentity(INSTANCE)).rejects.toMatchObject({
      code: "IDENTITY.INVALID_REQUEST",
      retryable: false,
    });
    expect(await aws.records().list()).toHaveLength(2);
  });
});
