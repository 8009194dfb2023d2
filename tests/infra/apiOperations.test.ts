import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, StartReplayCommand } from "@aws-sdk/client-eventbridge";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { DEAD_LETTER_SOURCES, SUBSCRIPTIONS } from "@bbws/contracts";
import { silentLogger } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadDeployConfig } from "../../infra/deployConfig.ts";
import { functionSpec } from "../../infra/functions.ts";
import { actionsOf, OWN_GRANTS } from "../../infra/iamTable.ts";
import { createApiLambdaHandler, loadApiConfig } from "../../infra/lambdas/apiDeps.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";
import { context, deployedEnvironments } from "./lambdaFixtures.ts";
import { installStandIns } from "./sstStandIns.ts";

/**
 * infra/api.ts, imported by URL like sst.config.ts, so that `tsc` does not need SST's global
 * types; its two exports, as this test calls them.
 */
interface ApiModule {
  apiOperationsEnvironment(
    resources: typeof RESOURCES,
    stringify: (value: unknown) => string,
  ): Record<string, string>;
  createApi(input: {
    config: ReturnType<typeof loadDeployConfig>;
    role: { arn: string };
    environment: Record<string, string>;
    operations: typeof RESOURCES;
  }): unknown;
}
const loadApiModule = (): Promise<ApiModule> =>
  import(/* @vite-ignore */ new URL("../../infra/api.ts", import.meta.url).href);

const dlqOf = (consumer: string) => ({
  url: `https://sqs.eu-west-1.amazonaws.com/111122223333/${consumer}-dlq`,
  arn: `arn:aws:sqs:eu-west-1:111122223333:${consumer}-dlq`,
});
const RESOURCES = {
  busName: "bbws-dev-bus",
  busArn: "arn:aws:events:eu-west-1:111122223333:event-bus/bbws-dev-bus",
  archiveArn: "arn:aws:events:eu-west-1:111122223333:archive/bbws-dev",
  deadLetterQueues: Object.fromEntries(
    DEAD_LETTER_SOURCES.map((consumer) => [consumer, dlqOf(consumer)]),
  ) as Record<(typeof DEAD_LETTER_SOURCES)[number], { url: string; arn: string }>,
};

/** The deployed API environment without the recovery variables, and these variables. */
let baseEnv: Record<string, string>;
let operationsEnv: Record<string, string>;
beforeAll(async () => {
  const { apiOperationsEnvironment } = await loadApiModule();
  operationsEnv = apiOperationsEnvironment(RESOURCES, (value) => JSON.stringify(value));
  const deployed = (await deployedEnvironments())("api");
  baseEnv = Object.fromEntries(Object.entries(deployed).filter(([name]) => !(name in operationsEnv)));
});

describe("the API's recovery wiring", () => {
  it("passes the bus, its archive and every consumer's DLQ (the ECS events consumer's too) to the API Lambda", async () => {
    expect(operationsEnv).toEqual({
      BBWS_BUS_NAME: RESOURCES.busName,
      BBWS_BUS_ARN: RESOURCES.busArn,
      BBWS_ARCHIVE_ARN: RESOURCES.archiveArn,
      BBWS_DEAD_LETTER_QUEUES: JSON.stringify(
        DEAD_LETTER_SOURCES.map((consumer) => ({
          consumer,
          dlqUrl: dlqOf(consumer).url,
          dlqArn: dlqOf(consumer).arn,
        })),
      ),
    });
    const standIns = installStandIns("dev");
    try {
      const { createApi } = await loadApiModule();
      createApi({
        config: loadDeployConfig(DEPLOY_ENV, "dev"),
        role: { arn: "arn:stub:role" },
        environment: { BBWS_LEDGER_TABLE: "ledger" },
        operations: RESOURCES,
      });
      const handler = standIns.resources.find((resource) => resource.type === "sst.aws.Function");
      expect(handler?.args.handler).toBe(functionSpec("api").handler);
      expect(handler?.args.environment).toEqual({ BBWS_LEDGER_TABLE: "ledger", ...operationsEnv });
    } finally {
      standIns.restore();
    }
  });

  it("grants the API role what replays and redrives call", () => {
    expect(actionsOf(OWN_GRANTS.api)).toEqual(
      expect.arrayContaining([
        "events:StartReplay",
        "events:PutEvents",
        "sqs:GetQueueAttributes",
        "sqs:ReceiveMessage",
        "sqs:StartMessageMoveTask",
        "sqs:DeleteMessage",
        "sqs:SendMessage",
      ]),
    );
  });

  it("takes all four variables or none", () => {
    expect(() => loadApiConfig(baseEnv)).not.toThrow();
    expect(() => loadApiConfig({ ...baseEnv, ...operationsEnv })).not.toThrow();
    const { BBWS_ARCHIVE_ARN: _missing, ...partial } = operationsEnv;
    expect(() => loadApiConfig({ ...baseEnv, ...partial })).toThrow(/set all of BBWS_BUS_NAME/);
  });
});

describe("the API Lambda's recovery routes (AWS mocked)", () => {
  const dynamo = mockClient(DynamoDBClient);
  const sqs = mockClient(SQSClient);
  const bridge = mockClient(EventBridgeClient);
  afterEach(() => {
    for (const mock of [dynamo, sqs, bridge]) mock.reset();
  });

  const operator = { sub: "op-1", username: "olga", "cognito:groups": "[platform-operators]" };
  const request = (
    handler: ReturnType<typeof createApiLambdaHandler>,
    method: string,
    path: string,
    body?: object,
  ) =>
    handler(
      {
        version: "2.0",
        routeKey: "$default",
        rawPath: path,
        rawQueryString: "",
        headers: body ? { "content-type": "application/json", "idempotency-key": "drill-key-0001" } : {},
        ...(body ? { body: JSON.stringify(body) } : {}),
        isBase64Encoded: false,
        requestContext: {
          http: { method, path, protocol: "HTTP/1.1", sourceIp: "1.2.3.4", userAgent: "test" },
          requestId: "r-1",
          authorizer: { jwt: { claims: operator, scopes: [] } },
        },
      } as never,
      context,
    ) as Promise<{ statusCode: number; body: string }>;

  it("lists the DLQs and redrives them with SQS, replays a window with EventBridge", async () => {
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { ApproximateNumberOfMessages: "0" } });
    sqs.on(ReceiveMessageCommand).resolves({});
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: "t" });
    bridge.on(StartReplayCommand).resolves({ State: "STARTING" });
    dynamo.on(PutItemCommand).resolves({});
    dynamo.on(UpdateItemCommand).resolves({});
    dynamo.on(GetItemCommand).resolves({});
    const handler = createApiLambdaHandler(loadApiConfig({ ...baseEnv, ...operationsEnv }), silentLogger);

    const listed = await request(handler, "GET", "/v1.0/dlq");
    expect(listed.statusCode).toBe(200);
    expect(JSON.parse(listed.body).queues.map((queue: { consumer: string }) => queue.consumer)).toEqual([
      "identity",
      "storage",
      "routing",
      "compute",
      "ledger",
      "ecsEvents",
    ]);
    expect(sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input.QueueUrl)).toEqual(
      DEAD_LETTER_SOURCES.map((consumer) => dlqOf(consumer).url),
    );
    expect((await request(handler, "POST", "/v1.0/dlq/redrive", { consumer: "routing" })).statusCode).toBe(
      202,
    );
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: dlqOf("routing").arn,
    });
    // The ECS events DLQ is redriven like the others: back to its source queue, the ECS events queue.
    const ecs = await request(handler, "POST", "/v1.0/dlq/redrive", { consumer: "ecsEvents" });
    expect(ecs.statusCode).toBe(202);
    expect(JSON.parse(ecs.body).redriven).toEqual([
      { consumer: "ecsEvents", queue: dlqOf("ecsEvents").url, taskHandle: "t" },
    ]);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[1]?.args[0].input).toEqual({
      SourceArn: dlqOf("ecsEvents").arn,
    });

    const window = { from: "2026-01-01T09:00:00Z", to: "2026-01-01T10:00:00Z" };
    const replay = await request(handler, "POST", "/v1.0/replays", window);
    expect(replay.statusCode, replay.body).toBe(202);
    expect(bridge.commandCalls(StartReplayCommand)[0]?.args[0].input).toEqual({
      ReplayName: JSON.parse(replay.body).replayName,
      EventSourceArn: RESOURCES.archiveArn,
      EventStartTime: new Date(window.from),
      EventEndTime: new Date(window.to),
      // Only the consumers' rules: the alerts rule must not page operators again for old events.
      Destination: {
        Arn: RESOURCES.busArn,
        FilterArns: SUBSCRIPTIONS.map(
          (subscription) => `arn:aws:events:eu-west-1:111122223333:rule/bbws-dev-bus/${subscription.name}`,
        ),
      },
    });
  });

  it("answers 501 on the recovery routes without the recovery variables", async () => {
    const handler = createApiLambdaHandler(loadApiConfig(baseEnv), silentLogger);
    expect((await request(handler, "GET", "/v1.0/dlq")).statusCode).toBe(501);
    expect(sqs.calls()).toHaveLength(0);
  });
});
