import { readFileSync } from "node:fs";
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { STSClient } from "@aws-sdk/client-sts";
import { silentLogger } from "@bbws/mesh";
import type { Context, SQSEvent } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach } from "vitest";
import type { FunctionId } from "../../infra/functions.ts";
import { deployedFunctions, evaluateSstConfig } from "./evaluateSstConfig.ts";

/** Helpers for the composition-root tests: what sst.config.ts gives each function, events, mocks. */
export async function deployedEnvironments(): Promise<(id: FunctionId) => Record<string, string>> {
  const functions = deployedFunctions((await evaluateSstConfig("dev")).resources);
  return (id) => {
    const environment = functions.find((fn) => fn.spec.id === id)?.args.environment;
    if (!environment) throw new Error(`no deployed function ${id}`);
    return environment as Record<string, string>;
  };
}

/** A contracts fixture (a bus event), parsed afresh so a test may change it. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are edited freely by the tests
export const fixture = (name: string): any =>
  JSON.parse(
    readFileSync(new URL(`../../packages/contracts/fixtures/${name}.v1.json`, import.meta.url), "utf8"),
  );

export const context = {} as Context;

/** One SQS record as EventBridge delivers a bus event to a queue. */
export const sqsEvent = (busEvent: unknown): SQSEvent => ({
  Records: [
    {
      messageId: "m-1",
      receiptHandle: "r-1",
      body: JSON.stringify({
        version: "0",
        id: "e-1",
        account: "1",
        time: "t",
        region: "eu-west-1",
        resources: [],
        ...(busEvent as object),
      }),
      attributes: {
        ApproximateReceiveCount: "1",
        SentTimestamp: "0",
        SenderId: "s",
        ApproximateFirstReceiveTimestamp: "0",
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-1:1:q",
      awsRegion: "eu-west-1",
    },
  ],
});

export const quiet = { sleep: async () => undefined, logger: silentLogger };

export const published = (bridge: ReturnType<typeof mockClient>) =>
  bridge.commandCalls(PutEventsCommand).flatMap((call) => call.args[0].input.Entries ?? []);

/** STS's answer to AssumeRole: credentials valid for an hour. */
export const assumedRole = () => ({
  Credentials: {
    AccessKeyId: "AK",
    SecretAccessKey: "SK",
    SessionToken: "ST",
    Expiration: new Date(Date.now() + 3_600_000),
  },
});

/**
 * The bus, DynamoDB and STS every composition root talks to, mocked for each test of the calling
 * suite: PutEvents accepts every entry, DynamoDB reads and transactions answer empty. `others`
 * (a file's own clients) are reset with them.
 */
export function useMockedMeshClients(...others: readonly { reset(): unknown }[]) {
  const bridge = mockClient(EventBridgeClient);
  const dynamo = mockClient(DynamoDBClient);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    bridge.on(PutEventsCommand).callsFake(({ Entries }) => ({
      FailedEntryCount: 0,
      Entries: (Entries ?? []).map((_entry: unknown, index: number) => ({ EventId: `eb-${index}` })),
    }));
    dynamo.on(GetItemCommand).resolves({});
    dynamo.on(TransactWriteItemsCommand).resolves({});
  });
  afterEach(() => {
    for (const mock of [bridge, dynamo, sts, ...others]) mock.reset();
  });
  return { bridge, dynamo, sts };
}
