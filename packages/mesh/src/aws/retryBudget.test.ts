import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import type { STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runStep } from "../service/runStep.ts";
import { AWS_SDK_MAX_ATTEMPTS, awsSdkRetrySettings, DYNAMODB_RETRY_SETTINGS } from "./awsSdkRetrySettings.ts";
import { AccountsMapSchema, createAccountClients } from "./createAccountClients.ts";

/**
 * The one retry budget, proven on the wire: a real SDK client (its retry middleware included,
 * which aws-sdk-client-mock would bypass) against a server that throttles every request.
 * infra/functions.ts MAX_RECEIVE_COUNT; mesh must not import infra, the docs name both.
 */
const MAX_RECEIVE_COUNT = 5;

let server: Server;
let endpoint: string;
/** Requests per table: each simulated delivery reads its own table, so they may run at once. */
const requests = new Map<string, number>();
const total = () => [...requests.values()].reduce((sum, count) => sum + count, 0);

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      const table = String((JSON.parse(body) as { TableName?: string }).TableName);
      requests.set(table, (requests.get(table) ?? 0) + 1);
      response.writeHead(400, { "content-type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify({ __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException" }));
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((closed) => server.close(() => closed())));
beforeEach(() => {
  requests.clear();
});

function accountDynamo(): DynamoDBClient {
  // A plain object, not a mocked SDK client: this test is about retries, not about STS.
  const sts = {
    send: async () => ({
      Credentials: {
        AccessKeyId: "AKIAEXAMPLE",
        SecretAccessKey: "secret",
        SessionToken: "token",
        Expiration: new Date(Date.now() + 3_600_000),
      },
    }),
  } as unknown as STSClient;
  const accounts = createAccountClients({
    accounts: AccountsMapSchema.parse({
      dev: {
        accountId: "111111111111",
        region: "eu-west-1",
        roleArn: "arn:aws:iam::111111111111:role/bbws-instance-management",
      },
    }),
    sts,
    sessionName: "bbws-test",
  });
  // Only the endpoint is the test's: the retry settings are what the Lambdas' account clients get
  // (DynamoDB's JSON protocol is only the simplest wire to answer here).
  return accounts.client("dev", (settings) => new DynamoDBClient({ ...settings, endpoint }), "dynamo");
}

const getItem = (client: DynamoDBClient, table = "budget") =>
  client.send(new GetItemCommand({ TableName: table, Key: { pk: { S: "k" } } }));

describe("the retry budget of an AWS call", () => {
  it("is adaptive with an explicit maxAttempts of 3, a strategy of its own per client", () => {
    const settings = awsSdkRetrySettings();
    expect(settings).toMatchObject({ maxAttempts: 3, retryStrategy: { mode: "adaptive" } });
    expect(awsSdkRetrySettings().retryStrategy).not.toBe(settings.retryStrategy);
    expect(DYNAMODB_RETRY_SETTINGS).toEqual({ retryMode: "adaptive", maxAttempts: 3 });
    expect(AWS_SDK_MAX_ATTEMPTS).toBe(3);
  });

  it("is what createAccountClients gives every client (DynamoDB's default: standard mode, 4 attempts)", async () => {
    const { config } = accountDynamo();
    expect(await config.retryStrategy()).toMatchObject({ mode: "adaptive" });
    expect(await config.maxAttempts()).toBe(AWS_SDK_MAX_ATTEMPTS);
  });

  it("makes exactly AWS_SDK_MAX_ATTEMPTS HTTP requests for a call throttled forever", async () => {
    const failure = await getItem(accountDynamo()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "ThrottlingException" });
    expect(total()).toBe(AWS_SDK_MAX_ATTEMPTS);
  }, 20_000);

  it("is the same for the deployment's own DynamoDB clients built with DYNAMODB_RETRY_SETTINGS", async () => {
    const own = new DynamoDBClient({
      ...DYNAMODB_RETRY_SETTINGS,
      endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await expect(getItem(own)).rejects.toMatchObject({ name: "ThrottlingException" });
    expect(total()).toBe(AWS_SDK_MAX_ATTEMPTS);
  }, 20_000);
});

describe("the attempts a message can cost", () => {
  it("is maxAttempts per receive times maxReceiveCount receives; the last receive reports, not rethrows", async () => {
    // Each receive in its own container (a fresh client): redeliveries come a visibility
    // timeout apart, long after the adaptive limiter has refilled, so none of them waits.
    const receives = Array.from({ length: MAX_RECEIVE_COUNT }, (_, index) => index + 1);
    const outcomes = await Promise.all(
      receives.map((receiveCount) => {
        // Started here, not inside runStep: the IAM recorder takes the test as the caller.
        const call = getItem(accountDynamo(), `receive-${receiveCount}`);
        return runStep(() => call, {
          receiveCount,
          maxReceiveCount: MAX_RECEIVE_COUNT,
          area: "test",
        }).catch(() => "redelivered" as const);
      }),
    );
    expect(outcomes.slice(0, -1)).toEqual(Array(MAX_RECEIVE_COUNT - 1).fill("redelivered"));
    expect(outcomes.at(-1)).toMatchObject({ ok: false, failure: { retryable: true } });
    expect(receives.map((receiveCount) => requests.get(`receive-${receiveCount}`))).toEqual(
      Array(MAX_RECEIVE_COUNT).fill(AWS_SDK_MAX_ATTEMPTS),
    );
    expect(total()).toBe(AWS_SDK_MAX_ATTEMPTS * MAX_RECEIVE_COUNT);
  }, 20_000);
});
