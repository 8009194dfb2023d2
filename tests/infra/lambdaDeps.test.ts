import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { silentLogger } from "@bbws/mesh";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { createComputeLambdaHandler, loadComputeConfig } from "../../packages/compute/src/handlers/deps.ts";
import {
  createIdentityLambdaHandler,
  loadIdentityConfig,
} from "../../packages/identity/src/handlers/deps.ts";
import { createOutboxRelayLambda, loadRelayConfig } from "../../packages/ledger/src/handlers/depsRelay.ts";
import { createRoutingLambdaHandler, loadRoutingConfig } from "../../packages/routing/src/handlers/deps.ts";
import { DEPLOY_ENV } from "./deployFixture.ts";
import {
  assumedRole,
  context,
  deployedEnvironments,
  fixture,
  published,
  quiet,
  sqsEvent,
  useMockedMeshClients,
} from "./lambdaFixtures.ts";

/** The composition roots of the outbox relay and the service consumers, with AWS mocked. */
let envOf: Awaited<ReturnType<typeof deployedEnvironments>>;
beforeAll(async () => {
  envOf = await deployedEnvironments();
});

describe("behaviour of the composition roots (AWS mocked)", () => {
  const cognito = mockClient(CognitoIdentityProviderClient);
  const { bridge, dynamo, sts } = useMockedMeshClients(cognito);

  it("relay: publishes the outbox INSERTs of a Pipe batch, then deletes their items", async () => {
    const event = fixture("InstanceRequested");
    const outboxImage = (pk: string, sk: string) => ({
      pk: { S: pk },
      sk: { S: sk },
      event: { S: JSON.stringify(event) },
    });
    const relay = createOutboxRelayLambda(loadRelayConfig(envOf("outboxRelay")), quiet);
    const answer = await relay([
      {
        eventName: "INSERT",
        dynamodb: { NewImage: outboxImage(`OUTBOX#${event.detail.meta.eventId}`, "OUTBOX") },
      },
      { eventName: "REMOVE", dynamodb: { NewImage: outboxImage("OUTBOX#other", "OUTBOX") } },
      { eventName: "INSERT", dynamodb: { NewImage: outboxImage("INSTANCE#x", "STATE") } },
    ]);
    expect(answer).toEqual({ published: 1 });
    expect(published(bridge)).toMatchObject([
      {
        Source: "bbws.ledger",
        DetailType: "InstanceRequested",
        EventBusName: envOf("outboxRelay").BBWS_BUS_NAME,
      },
    ]);
    const [deletion] = dynamo.commandCalls(TransactWriteItemsCommand);
    expect(deletion?.args[0].input.TransactItems).toEqual([
      {
        Delete: {
          TableName: envOf("outboxRelay").BBWS_LEDGER_TABLE,
          Key: { pk: { S: `OUTBOX#${event.detail.meta.eventId}` }, sk: { S: "OUTBOX" } },
        },
      },
    ]);
  });

  it("relay: a batch whose publication fails throws, so the Pipe retries it; nothing is deleted", async () => {
    bridge.on(PutEventsCommand).rejects(new Error("AccessDeniedException"));
    const event = fixture("InstanceRequested");
    const relay = createOutboxRelayLambda(loadRelayConfig(envOf("outboxRelay")), quiet);
    const image = { pk: { S: "OUTBOX#1" }, sk: { S: "OUTBOX" }, event: { S: JSON.stringify(event) } };
    await expect(relay([{ eventName: "INSERT", dynamodb: { NewImage: image } }])).rejects.toThrow();
    expect(dynamo.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it("routing: an instance of another environment fails at once (not retried), with no AWS call", async () => {
    const event = fixture("InstanceRequested");
    event.detail.meta.environment = "sit";
    event.detail.data.spec.environment = "sit";
    const handler = createRoutingLambdaHandler(loadRoutingConfig(envOf("routing")), silentLogger);
    expect(await handler(sqsEvent(event), context)).toEqual({ batchItemFailures: [] });
    const [answer] = published(bridge);
    expect(answer?.DetailType).toBe("RoutingFailed");
    expect(JSON.parse(answer?.Detail ?? "{}").data).toMatchObject({
      code: "ROUTING.INVALID_CONFIG",
      retryable: false,
    });
    expect(sts.calls()).toHaveLength(0);
  });

  it("identity: the event's environment picks the account (role, region) its Cognito client uses", async () => {
    sts.on(AssumeRoleCommand).resolves(assumedRole());
    cognito
      .on(CreateUserPoolCommand)
      .rejects(Object.assign(new Error("denied"), { name: "NotAuthorizedException" }));
    const handler = createIdentityLambdaHandler(loadIdentityConfig(envOf("identity")), silentLogger);
    const event = fixture("InstanceRequested");
    event.detail.meta.environment = "sit";
    event.detail.data.spec.environment = "sit";
    await handler(sqsEvent(event), context);
    const [answer] = published(bridge);
    expect(answer?.DetailType).toBe("IdentityFailed");
    const client = cognito.send.thisValues[0] as CognitoIdentityProviderClient;
    expect(await client.config.region()).toBe("eu-west-1");
    expect((await client.config.credentials()).accessKeyId).toBe("AK");
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: JSON.parse(DEPLOY_ENV.BBWS_ACCOUNTS ?? "{}").sit.roleArn,
      RoleSessionName: "bbws-identity-sit",
    });
  });

  it("compute: builds without touching AWS until an event arrives", () => {
    expect(() => createComputeLambdaHandler(loadComputeConfig(envOf("compute")), silentLogger)).not.toThrow();
    expect(sts.calls()).toHaveLength(0);
  });
});
