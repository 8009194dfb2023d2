import { describe, expect, it } from "vitest";
import { queueUrlOf } from "../aws/createSqsRecordVisibility.ts";
import { MAX_VISIBILITY_SECONDS, retryAfterSecondsOf } from "./retryAfter.ts";

describe("retryAfterSecondsOf", () => {
  it("reads a retryable error's delay, in whole seconds within SQS's range", () => {
    expect(retryAfterSecondsOf({ retryable: true, retryAfterSeconds: 10 })).toBe(10);
    expect(retryAfterSecondsOf({ retryable: true, retryAfterSeconds: 2.2 })).toBe(3);
    expect(retryAfterSecondsOf({ retryable: true, retryAfterSeconds: 0 })).toBe(1);
    expect(retryAfterSecondsOf({ retryable: true, retryAfterSeconds: 1e9 })).toBe(MAX_VISIBILITY_SECONDS);
  });

  it("has nothing to say about other errors", () => {
    expect(retryAfterSecondsOf(new Error("boom"))).toBeUndefined();
    expect(retryAfterSecondsOf({ retryable: false, retryAfterSeconds: 10 })).toBeUndefined();
    expect(retryAfterSecondsOf({ retryable: true, retryAfterSeconds: Number.NaN })).toBeUndefined();
    expect(retryAfterSecondsOf("pending")).toBeUndefined();
  });
});

describe("queueUrlOf", () => {
  it("turns a record's eventSourceARN into its queue's URL", () => {
    expect(queueUrlOf("arn:aws:sqs:eu-west-1:123456789012:bbws-dev-compute")).toBe(
      "https://sqs.eu-west-1.amazonaws.com/123456789012/bbws-dev-compute",
    );
    expect(queueUrlOf("arn:aws-cn:sqs:cn-north-1:123456789012:q")).toBe(
      "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q",
    );
    expect(() => queueUrlOf("arn:aws:sns:eu-west-1:123456789012:topic")).toThrow(/not an SQS queue ARN/);
  });
});
