import { LimitExceededException, ThrottlingException } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import { isRetryableAwsError } from "./isRetryableAwsError.ts";

const awsError = (name: string, fault: "client" | "server", status: number) =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });

describe("isRetryableAwsError", () => {
  it.each([
    ["ThrottlingException", "client", 400],
    ["RequestLimitExceeded", "client", 400],
    ["ProvisionedThroughputExceededException", "client", 400],
    ["ServiceUnavailable", "server", 503],
    ["InternalFailure", "server", 500],
    ["TooManyRequests", "client", 429],
  ] as const)("retries %s", (name, fault, status) => {
    expect(isRetryableAwsError(awsError(name, fault, status))).toBe(true);
  });

  it.each([
    ["LimitExceededException", "client", 400],
    ["AccessDeniedException", "client", 403],
    ["ValidationException", "client", 400],
  ] as const)("does not retry %s", (name, fault, status) => {
    expect(isRetryableAwsError(awsError(name, fault, status))).toBe(false);
  });

  it("tells the SDK's own quota error from its throttle (EventBridge)", () => {
    const $metadata = { httpStatusCode: 400 };
    expect(isRetryableAwsError(new LimitExceededException({ message: "300 rules", $metadata }))).toBe(false);
    expect(isRetryableAwsError(new ThrottlingException({ message: "slow down", $metadata }))).toBe(true);
  });
});
