import { describe, expect, it } from "vitest";
import { createLambdaContext, toSqsEvent } from "./sqsEvent.ts";

describe("toSqsEvent", () => {
  it("builds the records Lambda's SQS event source mapping delivers", () => {
    const message = {
      messageId: "m-1",
      receiptHandle: "r-1",
      body: "hello",
      receiveCount: 2,
      sentAt: 1_700_000_000_000,
      firstReceivedAt: 1_700_000_000_500,
    };
    expect(toSqsEvent([message], { queueName: "bbws-storage", region: "local" })).toEqual({
      Records: [
        {
          messageId: "m-1",
          receiptHandle: "r-1",
          body: "hello",
          attributes: {
            ApproximateReceiveCount: "2",
            SentTimestamp: "1700000000000",
            SenderId: expect.any(String),
            ApproximateFirstReceiveTimestamp: "1700000000500",
          },
          messageAttributes: {},
          md5OfBody: "5d41402abc4b2a76b9719d911017c592",
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:local:000000000000:bbws-storage",
          awsRegion: "local",
        },
      ],
    });
  });
});

describe("createLambdaContext", () => {
  it("names the function and counts the remaining time down on the injected clock", () => {
    const time = { now: 0 };
    const context = createLambdaContext({
      functionName: "local-storage",
      region: "local",
      requestId: "req-1",
      clock: () => time.now,
    });
    expect(context).toMatchObject({
      functionName: "local-storage",
      awsRequestId: "req-1",
      invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:local-storage",
    });
    time.now = 10_000;
    expect(context.getRemainingTimeInMillis()).toBe(20_000);
    time.now = 40_000;
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(() => context.succeed("ok")).toThrow(/not supported locally/);
  });
});
