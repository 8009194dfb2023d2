import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  RequestThrottled,
  SQSClient,
  StartMessageMoveTaskCommand,
  UnsupportedOperation,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createSqsDeadLetters } from "./createSqsDeadLetters.ts";

const client = new SQSClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "x", secretAccessKey: "x" },
});
const mocked = mockClient(client);
const url = (name: string) => `https://sqs.eu-west-1.amazonaws.com/111122223333/${name}`;
const arn = (name: string) => `arn:aws:sqs:eu-west-1:111122223333:${name}`;
const queues = [
  { consumer: "routing", dlqUrl: url("RoutingDlq-1"), dlqArn: arn("RoutingDlq-1") },
  { consumer: "ledger", dlqUrl: url("LedgerDlq-1"), dlqArn: arn("LedgerDlq-1") },
] as const;
const deadLetters = createSqsDeadLetters({ client, queues });
const event = JSON.stringify({
  version: "0",
  source: "bbws.ledger",
  "detail-type": "RoutingRequested",
  detail: { meta: { instanceId: "i-1", tenantId: "acme" }, data: {} },
});

beforeEach(() => mocked.reset());

describe("createSqsDeadLetters", () => {
  it("lists each DLQ's approximate size and a peek that leaves the messages visible", async () => {
    mocked
      .on(GetQueueAttributesCommand, { QueueUrl: url("RoutingDlq-1") })
      .resolves({ Attributes: { ApproximateNumberOfMessages: "2" } })
      .on(GetQueueAttributesCommand, { QueueUrl: url("LedgerDlq-1") })
      .resolves({ Attributes: { ApproximateNumberOfMessages: "0" } })
      .on(ReceiveMessageCommand, { QueueUrl: url("RoutingDlq-1") })
      .resolves({
        Messages: [
          {
            MessageId: "m-1",
            Body: event,
            Attributes: {
              ApproximateReceiveCount: "6",
              SentTimestamp: String(Date.parse("2026-11-22T10:00:00Z")),
            },
          },
          { MessageId: "m-2", Body: "{ not json" },
        ],
      })
      .on(ReceiveMessageCommand, { QueueUrl: url("LedgerDlq-1") })
      .resolves({});

    expect(await deadLetters.list()).toEqual([
      {
        consumer: "routing",
        queue: url("RoutingDlq-1"),
        approximateCount: 2,
        messages: [
          {
            messageId: "m-1",
            receiveCount: 6,
            sentAt: "2026-11-22T10:00:00.000Z",
            detailType: "RoutingRequested",
            instanceId: "i-1",
            tenantId: "acme",
            bodyExcerpt: event,
          },
          { messageId: "m-2", bodyExcerpt: "{ not json" },
        ],
      },
      { consumer: "ledger", queue: url("LedgerDlq-1"), approximateCount: 0, messages: [] },
    ]);
    expect(mocked.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: url("RoutingDlq-1"), AttributeNames: ["ApproximateNumberOfMessages"] },
      { QueueUrl: url("LedgerDlq-1"), AttributeNames: ["ApproximateNumberOfMessages"] },
    ]);
    expect(mocked.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: url("RoutingDlq-1"),
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ["ApproximateReceiveCount", "SentTimestamp"],
    });
  });

  it("a throttled read is a 503 to retry", async () => {
    mocked
      .on(GetQueueAttributesCommand)
      .rejects(new RequestThrottled({ message: "slow down", $metadata: {} }));
    await expect(deadLetters.list()).rejects.toMatchObject({
      code: "API.DEPENDENCY_UNAVAILABLE",
      retryable: true,
    });
  });

  it("redrives every DLQ, or one consumer's, back to its source queues", async () => {
    mocked
      .on(StartMessageMoveTaskCommand, { SourceArn: arn("RoutingDlq-1") })
      .resolves({ TaskHandle: "task-routing" })
      .on(StartMessageMoveTaskCommand, { SourceArn: arn("LedgerDlq-1") })
      .resolves({ TaskHandle: "task-ledger" });
    expect(await deadLetters.redrive({})).toEqual([
      { consumer: "routing", queue: url("RoutingDlq-1"), taskHandle: "task-routing" },
      { consumer: "ledger", queue: url("LedgerDlq-1"), taskHandle: "task-ledger" },
    ]);
    expect(await deadLetters.redrive({ consumer: "ledger" })).toEqual([
      { consumer: "ledger", queue: url("LedgerDlq-1"), taskHandle: "task-ledger" },
    ]);
    expect(mocked.commandCalls(StartMessageMoveTaskCommand).map((call) => call.args[0].input)).toEqual([
      { SourceArn: arn("RoutingDlq-1") },
      { SourceArn: arn("LedgerDlq-1") },
      { SourceArn: arn("LedgerDlq-1") },
    ]);
  });

  it("reports a queue that refuses, and still starts the others", async () => {
    mocked
      .on(StartMessageMoveTaskCommand, { SourceArn: arn("RoutingDlq-1") })
      .rejects(new UnsupportedOperation({ message: "a task is running", $metadata: {} }))
      .on(StartMessageMoveTaskCommand, { SourceArn: arn("LedgerDlq-1") })
      .resolves({ TaskHandle: "task-ledger" });
    expect(await deadLetters.redrive({})).toEqual([
      { consumer: "routing", queue: url("RoutingDlq-1"), error: "UnsupportedOperation: a task is running" },
      { consumer: "ledger", queue: url("LedgerDlq-1"), taskHandle: "task-ledger" },
    ]);
  });
});
