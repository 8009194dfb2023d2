import { describe, expect, it } from "vitest";
import { IdentityError } from "../../domain/errors.ts";
import { awsError } from "../../testing/mockedAws.ts";
import { awsErrorName, isTransientAwsError, toIdentityError } from "./awsErrors.ts";

describe("toIdentityError", () => {
  it.each([
    ["TooManyRequestsException", 400, "IDENTITY.THROTTLED", true],
    ["ThrottlingException", 400, "IDENTITY.THROTTLED", true],
    ["InternalErrorException", 500, "IDENTITY.UNAVAILABLE", true],
    ["ServiceUnavailable", 503, "IDENTITY.UNAVAILABLE", true],
    ["LimitExceededException", 400, "IDENTITY.QUOTA_EXHAUSTED", false],
    ["InvalidParameterException", 400, "IDENTITY.INVALID_REQUEST", false],
    ["InvalidOAuthFlowException", 400, "IDENTITY.INVALID_REQUEST", false],
    ["ScopeDoesNotExistException", 400, "IDENTITY.INVALID_REQUEST", false],
    ["NotAuthorizedException", 400, "IDENTITY.ACCESS_DENIED", false],
    ["AccessDeniedException", 403, "IDENTITY.ACCESS_DENIED", false],
    ["Unsupported", 500, "IDENTITY.UNSUPPORTED", false],
    ["SomethingNew", 400, "IDENTITY.UNEXPECTED", true],
  ])("maps %s (%i) to %s, retryable %s", (name, status, code, retryable) => {
    const error = toIdentityError(awsError(name, status), "CreateUserPool");
    expect(error).toBeInstanceOf(IdentityError);
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toMatch(new RegExp(`^CreateUserPool failed: ${name}`));
    expect(error.cause).toMatchObject({ name });
  });

  it("treats network faults as transient and quotas or unsupported calls as not", () => {
    expect(isTransientAwsError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isTransientAwsError(awsError("LimitExceededException"))).toBe(false);
    expect(isTransientAwsError(awsError("Unsupported", 500))).toBe(false);
    expect(isTransientAwsError(awsError("InvalidParameterException"))).toBe(false);
  });

  it("finds the AWS name through an IdentityError's cause", () => {
    expect(awsErrorName(toIdentityError(awsError("GroupExistsException"), "CreateGroup"))).toBe(
      "GroupExistsException",
    );
  });
});
