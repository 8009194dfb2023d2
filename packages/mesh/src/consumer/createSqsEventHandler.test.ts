import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ChangeMessageVisibilityCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { BusEvent, DomainEvent } from "@bbws/contracts";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createSqsRecordVisibility } from "../aws/createSqsRecordVisibility.ts";
import type { Logger } from "../logger.ts";
import { createSqsEventHandler, POISON_RETRY_SECONDS, type RecordContext } from "./createSqsEventHandler.ts";

const fixturesDir = join(import.meta.dirname, "..", "..", "..", "contracts", "fixtures");
const fixture = (name: string): BusEvent =>
  JSON.parse(readFileSync(join(fixturesDir, `${name}.v1.json`), "utf8"));

/** The body SQS receives from an EventBridge rule target: the full EventBridge event. */
const eventBridgeBody = (event: BusEvent): string =>
  JSON.stringify({
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": event["detail-type"],
    source: event.source,
    account: "123456789012",
    time: "2026-11-22T10:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail: event.detail,
  });

const sqsRecord = (messageId: string, body: string, receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: "1795000000000",
    SenderId: "AIDAEXAMPLE",
    ApproximateFirstReceiveTimestamp: "1795000000001",
  },
  messageAttributes: {},
  md5OfBody: "0",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:bbws-dev-compute",
  awsRegion: "eu-west-1",
});

const sqsEvent = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: "bbws-dev-compute-consumer",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:bbws-dev-compute-consumer",
  memoryLimitInMB: "256",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
  logGroupName: "/aws/lambda/bbws-dev-compute-consumer",
  logStreamName: "2026/11/22/[$LATEST]abcdef",
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

interface LogEntry {
  level: "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown>;
}
const recordingLogger = (entries: LogEntry[]): Logger => ({
  info: (message, fields = {}) => entries.push({ level: "info", message, fields }),
  warn: (message, fields = {}) => entries.push({ level: "warn", message, fields }),
  error: (message, fields = {}) => entries.push({ level: "error", message, fields }),
  child: () => recordingLogger(entries),
});

const setup = (handle: (event: DomainEvent, context: RecordContext) => Promise<void> = async () => {}) => {
  const logs: LogEntry[] = [];
  const handled: Array<{ eventId: string; context: RecordContext }> = [];
  const handler = createSqsEventHandler({
    consumer: "compute",
    logger: recordingLogger(logs),
    handle: async (event, context) => {
      handled.push({ eventId: event.detail.meta.eventId, context });
      await handle(event, context);
    },
  });
  return { handler, logs, handled };
};

const computeReady = fixture("ComputeReady");
const storageReady = fixture("StorageReady");
const routingReady = fixture("RoutingReady");
const eventIdOf = (event: BusEvent) => (event.detail as { meta: { eventId: string } }).meta.eventId;

describe("createSqsEventHandler", () => {
  it("fails only the record whose handling threw", async () => {
    const { handler, handled, logs } = setup(async (event) => {
      if (event["detail-type"] === "StorageReady")
        throw Object.assign(new Error("conflict"), { code: "X.CONFLICT" });
    });
    const event = sqsEvent(
      sqsRecord("m-1", eventBridgeBody(computeReady)),
      sqsRecord("m-2", eventBridgeBody(storageReady)),
      sqsRecord("m-3", eventBridgeBody(routingReady)),
    );

    const response = await handler(event, lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-2" }] });
    expect(handled.map((h) => h.eventId)).toEqual([computeReady, storageReady, routingReady].map(eventIdOf));
    expect(logs.filter((l) => l.level === "info")).toHaveLength(2);
    expect(logs.find((l) => l.level === "warn")?.fields).toMatchObject({
      consumer: "compute",
      detailType: "StorageReady",
      messageId: "m-2",
      error: { code: "X.CONFLICT", message: "conflict" },
    });
  });

  it("logs each handled event with its identifiers and duration", async () => {
    const { handler, logs } = setup();

    await handler(sqsEvent(sqsRecord("m-1", eventBridgeBody(computeReady))), lambdaContext);

    expect(logs).toEqual([
      {
        level: "info",
        message: "event handled",
        fields: expect.objectContaining({
          consumer: "compute",
          detailType: "ComputeReady",
          eventId: "1d2c3b4a-5f6e-4d8c-9b0a-00000000000c",
          instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
          correlationId: "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
          durationMs: expect.any(Number),
        }),
      },
    ]);
  });

  it("handles records one at a time, in order", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { handler, handled } = setup(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
    });
    const bodies = [computeReady, storageReady, routingReady].map(eventBridgeBody);

    await handler(sqsEvent(...bodies.map((body, i) => sqsRecord(`m-${i}`, body))), lambdaContext);

    expect(maxInFlight).toBe(1);
    expect(handled.map((h) => h.context.messageId)).toEqual(["m-0", "m-1", "m-2"]);
  });

  it("fails and logs as poison a body that is not JSON and an event that fails validation", async () => {
    const { handler, handled, logs } = setup();
    const detail = computeReady.detail as { meta: Record<string, unknown>; data: unknown };
    const { correlationId: _, ...metaWithoutCorrelation } = detail.meta;
    const invalid = { ...computeReady, detail: { ...detail, meta: metaWithoutCorrelation } };

    const response = await handler(
      sqsEvent(
        sqsRecord("m-bad-json", "{not json", 3),
        sqsRecord("m-ok", eventBridgeBody(computeReady)),
        sqsRecord("m-invalid", eventBridgeBody(invalid), 5),
      ),
      lambdaContext,
    );

    expect(response).toEqual({
      batchItemFailures: [{ itemIdentifier: "m-bad-json" }, { itemIdentifier: "m-invalid" }],
    });
    expect(handled.map((h) => h.context.messageId)).toEqual(["m-ok"]);
    const poison = logs.filter((l) => l.level === "error");
    expect(poison.map((l) => l.fields)).toEqual([
      {
        poison: true,
        messageId: "m-bad-json",
        receiveCount: 3,
        issues: [expect.objectContaining({ field: "(body)" })],
      },
      {
        poison: true,
        messageId: "m-invalid",
        receiveCount: 5,
        issues: [expect.objectContaining({ field: "detail.meta.correlationId" })],
      },
    ]);
  });

  it("treats an unknown detail-type as poison", async () => {
    const { handler, logs } = setup();
    const unknown = { ...computeReady, "detail-type": "NoSuchEvent" };

    const response = await handler(sqsEvent(sqsRecord("m-1", eventBridgeBody(unknown))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-1" }] });
    expect(logs[0]?.fields).toMatchObject({ poison: true, issues: [{ field: "detail-type" }] });
  });

  it("passes ApproximateReceiveCount and messageId to the handler", async () => {
    const { handler, handled } = setup();

    const response = await handler(
      sqsEvent(sqsRecord("m-7", eventBridgeBody(computeReady), 4)),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([
      { eventId: eventIdOf(computeReady), context: { receiveCount: 4, messageId: "m-7" } },
    ]);
  });

  it("keeps replay-name from a replayed event", async () => {
    let replayName: string | undefined;
    const { handler } = setup(async (event) => {
      replayName = event["replay-name"];
    });
    const body = JSON.stringify({ ...JSON.parse(eventBridgeBody(computeReady)), "replay-name": "replay-1" });

    await handler(sqsEvent(sqsRecord("m-1", body)), lambdaContext);

    expect(replayName).toBe("replay-1");
  });
});

describe("createSqsEventHandler with a retry-after error", () => {
  const client = new SQSClient({ region: "eu-west-1" });
  const sqs = mockClient(client);
  beforeEach(() => sqs.reset());

  const setupWaiting = (error: unknown) => {
    const logs: LogEntry[] = [];
    const handler = createSqsEventHandler({
      consumer: "compute",
      logger: recordingLogger(logs),
      visibility: createSqsRecordVisibility(client),
      handle: async (event) => {
        if (event["detail-type"] === "StorageReady") throw error;
      },
    });
    return { handler, logs };
  };
  const pending = Object.assign(new Error("0 of 1 targets healthy"), {
    code: "COMPUTE.HEALTH_CHECK_FAILED",
    retryable: true,
    retryAfterSeconds: 10,
  });

  it("hides that record for the delay on its own queue, by its receipt handle, and still fails it", async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const { handler } = setupWaiting(pending);

    const response = await handler(
      sqsEvent(
        sqsRecord("m-1", eventBridgeBody(computeReady)),
        sqsRecord("m-2", eventBridgeBody(storageReady)),
      ),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-2" }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/bbws-dev-compute",
        ReceiptHandle: "handle-m-2",
        VisibilityTimeout: 10,
      },
    ]);
  });

  it("leaves a record that failed without a delay to the queue's visibility timeout", async () => {
    const { handler } = setupWaiting(Object.assign(new Error("throttled"), { retryable: true }));

    const response = await handler(sqsEvent(sqsRecord("m-2", eventBridgeBody(storageReady))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-2" }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)).toHaveLength(0);
  });

  it("hides a poison record for 1 s only, so it runs through the queue's receives to the DLQ fast", async () => {
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const { handler, logs } = setupWaiting(pending);

    const response = await handler(sqsEvent(sqsRecord("m-3", "not json")), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-3" }] });
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((call) => call.args[0].input)).toEqual([
      {
        QueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/bbws-dev-compute",
        ReceiptHandle: "handle-m-3",
        VisibilityTimeout: POISON_RETRY_SECONDS,
      },
    ]);
    expect(logs.filter((entry) => entry.level === "error").map((entry) => entry.fields)).toMatchObject([
      { poison: true, messageId: "m-3" },
    ]);
  });

  it("still fails the record, and says so, when ChangeMessageVisibility fails", async () => {
    sqs.on(ChangeMessageVisibilityCommand).rejects(
      Object.assign(new Error("Value handle-m-2 for parameter ReceiptHandle is invalid."), {
        name: "ReceiptHandleIsInvalid",
      }),
    );
    const { handler, logs } = setupWaiting(pending);

    const response = await handler(sqsEvent(sqsRecord("m-2", eventBridgeBody(storageReady))), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-2" }] });
    expect(logs.filter((entry) => entry.level === "warn").map((entry) => entry.message)).toEqual([
      "event handling failed",
      "could not change the record's visibility: it comes back after the queue's timeout",
    ]);
    expect(logs.at(-1)?.fields).toMatchObject({
      messageId: "m-2",
      retryAfterSeconds: 10,
      error: { name: "ReceiptHandleIsInvalid" },
    });
  });
});
