import { describe, expect, it } from "vitest";
import { StorageError } from "../../domain/errors.ts";
import { createAwsCall, toStorageError } from "./awsCalls.ts";

const awsError = (name: string, status: number, message = `${name} happened`) =>
  Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });

describe("toStorageError", () => {
  it.each([
    ["ThrottlingException", 400, "STORAGE.CLOUD_UNAVAILABLE", true],
    ["ProvisionedThroughputExceededException", 400, "STORAGE.CLOUD_UNAVAILABLE", true],
    ["InternalServerError", 500, "STORAGE.CLOUD_UNAVAILABLE", true],
    ["AccessPointLimitExceeded", 403, "STORAGE.QUOTA_EXHAUSTED", false],
    ["LimitExceededException", 400, "STORAGE.QUOTA_EXHAUSTED", false],
    ["AccessDeniedException", 400, "STORAGE.CLOUD_FAILED", false],
  ])("maps %s (%i) to %s, retryable %s, with the SDK error as cause", (name, status, code, retryable) => {
    const cause = awsError(name, status);
    const error = toStorageError("create access point", cause);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ code, retryable, cause });
    expect(error.message).toBe(`create access point: ${name}: ${name} happened`);
  });

  it("makes a secret name still being deleted retryable: the SDK does not retry it, SQS does", () => {
    const cause = awsError("InvalidRequestException", 400, "secret is scheduled for deletion");
    expect(toStorageError("create secret", cause)).toMatchObject({
      code: "STORAGE.SECRET_PENDING_DELETION",
      retryable: true,
    });
  });
});

describe("createAwsCall", () => {
  it("makes the call once and throws the mapped error", async () => {
    let calls = 0;
    const throttled = awsError("ThrottlingException", 400);
    const failure = await createAwsCall()("read uid", async () => {
      calls += 1;
      throw throttled;
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "STORAGE.CLOUD_UNAVAILABLE", retryable: true, cause: throttled });
    expect(calls).toBe(1);
  });
});
