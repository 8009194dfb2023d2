import "aws-sdk-client-mock-vitest/extend";
import {
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateSecretCommand, DeleteSecretCommand } from "@aws-sdk/client-secrets-manager";
import { resourceTags } from "@bbws/contracts";
import { createRateLimiter } from "@bbws/mesh";
import { beforeEach, describe, expect, it } from "vitest";
import { IdentityError } from "../../domain/errors.ts";
import { awsError, INSTANCE, mockedAws, NOW, POOL_ID, SPEC } from "../../testing/mockedAws.ts";
import { sampleInstance } from "../../testing/sampleInstance.ts";

const aws = mockedAws();
const POOL_KEY = `identity/user-pool/${INSTANCE.instanceId}`;
const intended = {
  key: POOL_KEY,
  service: "identity",
  kind: "user-pool",
  instanceId: INSTANCE.instanceId,
  tenantId: "acme",
  state: "intended" as const,
  attributes: { name: "bbws-acme-users" },
  updatedAt: NOW,
};
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

beforeEach(() => aws.reset());

describe("createCognitoIdentityProvider: crash recovery", () => {
  it("adopts the pool made before a crash: found by name across pages, told apart by its instance tag", async () => {
    await aws.records().put(intended);
    aws.cognito
      .on(ListUserPoolsCommand)
      .resolves({ UserPools: [{ Id: "eu-west-1_Prod", Name: "bbws-acme-users" }], NextToken: "page2" });
    aws.cognito
      .on(ListUserPoolsCommand, { NextToken: "page2" })
      .resolves({ UserPools: [{ Id: POOL_ID, Name: "bbws-acme-users" }] });
    aws.cognito.on(DescribeUserPoolCommand).resolves({
      UserPool: {
        UserPoolTags: resourceTags({ ...INSTANCE, instanceId: "99999999-9999-4999-8999-999999999999" }),
      },
    });
    aws.cognito
      .on(DescribeUserPoolCommand, { UserPoolId: POOL_ID })
      .resolves({ UserPool: { UserPoolTags: resourceTags(INSTANCE) } });

    const outputs = await aws.provider().ensureIdentity(INSTANCE, SPEC);
    expect(outputs.userPoolId).toBe(POOL_ID);
    expect(aws.cognito).not.toHaveReceivedCommand(CreateUserPoolCommand);
    expect(aws.cognito).toHaveReceivedNthCommandWith(ListUserPoolsCommand, 2, {
      MaxResults: 60,
      NextToken: "page2",
    });
    expect(await aws.records().get(POOL_KEY)).toMatchObject({
      state: "created",
      attributes: { userPoolId: POOL_ID },
    });
  });

  it("creates the pool when an intent has no pool behind it (the crash came before the call)", async () => {
    await aws.records().put(intended);
    const outputs = await aws.provider().ensureIdentity(INSTANCE, SPEC);
    expect(outputs.userPoolId).toBe(POOL_ID);
    expect(aws.cognito).toHaveReceivedCommandExactlyOnceWith(ListUserPoolsCommand, { MaxResults: 60 });
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolCommand, 1);
  });

  it("release finds and deletes a pool whose record is only intended", async () => {
    await aws.records().put(intended);
    aws.cognito.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "bbws-acme-users" }] });
    aws.cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { UserPoolTags: resourceTags(INSTANCE) } });
    aws.secretsManager.on(DeleteSecretCommand).resolves({});
    const released = await aws.provider().releaseIdentity(INSTANCE);
    expect(released).toContain("bbws-acme-users");
    expect(aws.cognito).toHaveReceivedCommandWith(DeleteUserPoolCommand, { UserPoolId: POOL_ID });
    expect(await aws.records().list()).toEqual([]);
  });
});

describe("createCognitoIdentityProvider: quota", () => {
  it("maps CreateUserPool's LimitExceededException to IDENTITY.QUOTA_EXHAUSTED: nothing recorded, nothing listed", async () => {
    aws.cognito.on(CreateUserPoolCommand).rejects(awsError("LimitExceededException"));
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toBeInstanceOf(IdentityError);
    expect(failure).toMatchObject({ code: "IDENTITY.QUOTA_EXHAUSTED", retryable: false });
    expect((failure as Error).message).toMatch(
      /LimitExceededException: the region's user pools are at the quota .*raise the Cognito user pool quota or remove unused pools/,
    );
    expect((failure as Error).cause).toMatchObject({ name: "LimitExceededException" });
    expect(aws.cognito.calls().map((call) => call.args[0].constructor.name)).toEqual([
      "CreateUserPoolCommand",
    ]);
    expect(aws.secretsManager).not.toHaveReceivedCommand(CreateSecretCommand);
    expect(await aws.records().list()).toEqual([]);
  });

  it("takes back an earlier attempt's intent too when the retry's scan found no pool and Cognito refuses", async () => {
    await aws.records().put(intended);
    aws.cognito.on(CreateUserPoolCommand).rejects(awsError("LimitExceededException"));
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.QUOTA_EXHAUSTED", retryable: false });
    expect(aws.cognito).toHaveReceivedCommandTimes(ListUserPoolsCommand, 1);
    expect(await aws.records().list()).toEqual([]);
  });

  // On AWS the SDK retries LimitExceededException, so the refusal usually reports 3 attempts.
  const afterRetries = () =>
    Object.assign(awsError("LimitExceededException"), { $metadata: { httpStatusCode: 400, attempts: 3 } });

  it("after SDK retries, looks the pool up by name and tag: none made, so the intent is taken back", async () => {
    aws.cognito.on(CreateUserPoolCommand).rejects(afterRetries());
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.QUOTA_EXHAUSTED", retryable: false });
    expect(aws.cognito).toHaveReceivedCommandExactlyOnceWith(ListUserPoolsCommand, { MaxResults: 60 });
    expect(await aws.records().list()).toEqual([]);
  });

  it("after SDK retries, adopts the pool an earlier attempt made (its answer lost, the retry refused)", async () => {
    aws.cognito.on(CreateUserPoolCommand).rejects(afterRetries());
    aws.cognito.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "bbws-acme-users" }] });
    aws.cognito.on(DescribeUserPoolCommand).resolves({ UserPool: { UserPoolTags: resourceTags(INSTANCE) } });
    const outputs = await aws.provider().ensureIdentity(INSTANCE, SPEC);
    expect(outputs.userPoolId).toBe(POOL_ID);
    expect(await aws.records().get(POOL_KEY)).toMatchObject({
      state: "created",
      attributes: { userPoolId: POOL_ID },
    });
  });
});

describe("createCognitoIdentityProvider: throttling and errors", () => {
  it("tries a throttled create once (the SDK client retries, not the adapter); the redelivery succeeds", async () => {
    aws.cognito
      .on(CreateUserPoolCommand)
      .rejectsOnce(awsError("TooManyRequestsException"))
      .resolves({ UserPool: { Id: POOL_ID } });
    const provider = aws.provider();
    const failure = await failureOf(provider.ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.THROTTLED", retryable: true });
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolCommand, 1);
    expect((await provider.ensureIdentity(INSTANCE, SPEC)).userPoolId).toBe(POOL_ID);
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolCommand, 2);
  });

  it("reports throttling after one call as IDENTITY.THROTTLED, retryable, with the SDK error as cause", async () => {
    aws.cognito.on(CreateUserPoolCommand).rejects(awsError("TooManyRequestsException"));
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.THROTTLED", retryable: true });
    expect((failure as Error).cause).toMatchObject({ name: "TooManyRequestsException" });
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolCommand, 1);
  });

  it("reports a 5xx after one call as IDENTITY.UNAVAILABLE, retryable", async () => {
    aws.cognito.on(CreateUserPoolClientCommand).rejects(awsError("InternalErrorException", 500));
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.UNAVAILABLE", retryable: true });
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateUserPoolClientCommand, 1);
  });

  it("does not retry invalid parameters: IDENTITY.INVALID_REQUEST, not retryable", async () => {
    aws.cognito.on(CreateGroupCommand).rejects(awsError("InvalidParameterException"));
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.INVALID_REQUEST", retryable: false });
    expect(aws.cognito).toHaveReceivedCommandTimes(CreateGroupCommand, 1);
  });

  it("refuses a domain prefix held by another pool: IDENTITY.DOMAIN_TAKEN", async () => {
    aws.cognito
      .on(DescribeUserPoolDomainCommand)
      .resolves({ DomainDescription: { Domain: "bbws-acme-dev", UserPoolId: "eu-west-1_Other" } });
    const failure = await failureOf(aws.provider().ensureIdentity(INSTANCE, SPEC));
    expect(failure).toMatchObject({ code: "IDENTITY.DOMAIN_TAKEN", retryable: false });
    expect(aws.cognito).not.toHaveReceivedCommand(CreateUserPoolDomainCommand);
  });
});

describe("createCognitoIdentityProvider: rate limit", () => {
  it("spaces every create across concurrent provisions at 15 per second with one shared limiter", async () => {
    let clock = 0;
    const limiter = createRateLimiter({
      ratePerSecond: 15,
      burst: 1,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    });
    const writes: number[] = [];
    const at =
      <T>(output: T) =>
      () => {
        writes.push(clock);
        return output;
      };
    aws.cognito
      .on(CreateUserPoolCommand)
      .callsFake((input) => at({ UserPool: { Id: `eu-west-1_${input.PoolName?.replace(/\W/g, "")}` } })());
    aws.cognito
      .on(CreateUserPoolClientCommand)
      .callsFake((input) =>
        at({ UserPoolClient: { ClientId: `c-${input.UserPoolId}`, ClientSecret: "s" } })(),
      );
    aws.cognito.on(CreateGroupCommand).callsFake(at({}));
    aws.cognito.on(CreateUserPoolDomainCommand).callsFake(at({}));
    const provider = aws.provider({ limiter });
    const tenants = ["acme", "beta", "gamma"].map((tenantId) => sampleInstance({ tenantId }));

    await Promise.all(tenants.map(({ instance, spec }) => provider.ensureIdentity(instance, spec)));

    expect(writes).toHaveLength(3 * 6);
    const gaps = writes.slice(1).map((time, index) => time - (writes[index] ?? 0));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1000 / 15 - 1e-6);
    expect(writes.at(-1)).toBeCloseTo((17 * 1000) / 15, 3);
  });
});
