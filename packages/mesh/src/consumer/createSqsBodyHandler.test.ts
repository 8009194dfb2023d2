import type { Context, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createSqsBodyHandler } from "./createSqsBodyHandler.ts";

const record = (messageId: string, body: string) => ({
  messageId,
  receiptHandle: "r",
  body,
  attributes: {
    ApproximateReceiveCount: "2",
    SentTimestamp: "0",
    SenderId: "s",
    ApproximateFirstReceiveTimestamp: "0",
  },
  messageAttributes: {},
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:eu-west-1:111122223333:q",
  awsRegion: "eu-west-1",
});

describe("createSqsBodyHandler", () => {
  it("hands each parsed body over in order; only the records that failed come back", async () => {
    const seen: unknown[] = [];
    const handler = createSqsBodyHandler({
      consumer: "test",
      handle: async (body) => {
        seen.push(body);
        if ((body as { fail?: boolean }).fail) throw new Error("refused");
        return "folded";
      },
    });
    const event: SQSEvent = {
      Records: [
        record("a", JSON.stringify({ n: 1 })),
        record("b", "{not json"),
        record("c", JSON.stringify({ n: 3, fail: true })),
        record("d", JSON.stringify({ n: 4 })),
      ],
    };
    expect(await handler(event, {} as Context)).toEqual({
      batchItemFailures: [{ itemIdentifier: "b" }, { itemIdentifier: "c" }],
    });
    expect(seen).toEqual([{ n: 1 }, { n: 3, fail: true }, { n: 4 }]);
  });

  it("an all-good batch reports no failure", async () => {
    const handler = createSqsBodyHandler({ consumer: "test", handle: async () => undefined });
    expect(await handler({ Records: [record("a", "{}")] }, {} as Context)).toEqual({ batchItemFailures: [] });
  });
});
