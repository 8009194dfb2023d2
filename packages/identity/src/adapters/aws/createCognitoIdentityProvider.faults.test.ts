import "aws-sdk-client-mock-vitest/extend";
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { resourceTags } from "@bbws/contracts";
import { awsSdkRetrySettings, createMemoryResourceRecords, createRateLimiter } from "@bbws/mesh";
import { jsonError, type ScriptedAnswer, scriptedJsonService } from "@bbws/mesh/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { IdentityError } from "../../domain/errors.ts";
import { awsError, INSTANCE, mockedAws, NOW, POOL_ID, SPEC, unlimited } from "../../testing/mockedAws.ts";
import { sampleInstance } from "../../testing/sampleInstance.ts";
import { cognitoDomainSuffix, createCognitoIdentityProvider } from "./createCognitoIdentityProvider.ts";
import { createSecretsManagerSecretStore } from "./createSecretsManagerSecretStore.ts";

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

  // A refusal after an earlier attempt failed otherwise (a timeout, a 5xx): the SDK reports 3 attempts.
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

/**
 * The user pool step on a real Cognito client built as the Lambda builds it (mesh's
 * awsSdkRetrySettings), answered without a network: what the SDK's retries do to a quota refusal.
 */
function cognitoAnswering(answer: (operation: string, sent: number) => ScriptedAnswer) {
  const service = scriptedJsonService(answer);
  const client = new CognitoIdentityProviderClient({
    ...awsSdkRetrySettings(),
    region: "eu-west-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    requestHandler: service.requestHandler,
  });
  const records = createMemoryResourceRecords();
  const steps = createCognitoIdentityProvider({
    client,
    // Never called by the user pool step.
    secrets: createSecretsManagerSecretStore({ client: new SecretsManagerClient({ region: "eu-west-1" }) }),
    records,
    hostedDomain: { create: false, suffix: cognitoDomainSuffix("eu-west-1") },
    limiter: unlimited,
    clock: () => new Date(NOW),
  });
  return { steps, records, operations: service.operations };
}

const OUR_POOL: ScriptedAnswer = {
  status: 200,
  body: { UserPools: [{ Id: POOL_ID, Name: "bbws-acme-users" }] },
};
const OUR_TAGS: ScriptedAnswer = {
  status: 200,
  body: { UserPool: { UserPoolTags: resourceTags(INSTANCE) } },
};

describe("the user pool step on the SDK's retries", () => {
  it("a full region: CreateUserPool sent once, nothing listed, IDENTITY.QUOTA_EXHAUSTED, the intent taken back", async () => {
    const { steps, records, operations } = cognitoAnswering(() => jsonError("LimitExceededException"));
    await expect(steps.createUserPool(INSTANCE)).rejects.toMatchObject({
      code: "IDENTITY.QUOTA_EXHAUSTED",
      retryable: false,
      cause: { name: "LimitExceededException", $metadata: { attempts: 1 } },
    });
    expect(operations).toEqual(["CreateUserPool"]);
    expect(await records.list()).toEqual([]);
  });

  it("a refusal after a retried attempt (its answer lost, the pool made) scans and adopts the pool", async () => {
    const { steps, records, operations } = cognitoAnswering((operation, sent) => {
      if (operation === "CreateUserPool")
        return sent === 1 ? jsonError("InternalErrorException", 500) : jsonError("LimitExceededException");
      return operation === "ListUserPools" ? OUR_POOL : OUR_TAGS;
    });
    expect(await steps.createUserPool(INSTANCE)).toBe(POOL_ID);
    expect(operations).toEqual(["CreateUserPool", "CreateUserPool", "ListUserPools", "DescribeUserPool"]);
    expect(await records.list()).toMatchObject([{ state: "created", attributes: { userPoolId: POOL_ID } }]);
  });
});
