import { describe, expect, it } from "vitest";
import { ComputeError, HealthPendingError } from "../../domain/errors.ts";
import { isRetryableComputeError, toComputeError } from "./awsErrors.ts";
import { awsError } from "./ecsTestKit.ts";

describe("toComputeError", () => {
  it.each([
    ["ClusterNotFoundException", "client", 400, "COMPUTE.CLUSTER_NOT_FOUND", false],
    ["ServiceNotFoundException", "client", 400, "COMPUTE.SERVICE_NOT_FOUND", false],
    ["ServiceNotActiveException", "client", 400, "COMPUTE.SERVICE_NOT_FOUND", false],
    ["TargetGroupNotFoundException", "client", 400, "COMPUTE.TARGET_GROUP_NOT_FOUND", false],
    ["AccessDeniedException", "client", 400, "COMPUTE.ACCESS_DENIED", false],
    ["PlatformUnknownException", "client", 400, "COMPUTE.PLATFORM_UNSUPPORTED", false],
    ["LimitExceededException", "client", 400, "COMPUTE.QUOTA_EXCEEDED", false],
    ["InvalidParameterException", "client", 400, "COMPUTE.INVALID_REQUEST", false],
    ["ThrottlingException", "client", 400, "COMPUTE.THROTTLED", true],
    ["TooManyRequestsException", "client", 429, "COMPUTE.THROTTLED", true],
    ["ServerException", "server", 500, "COMPUTE.AWS_UNAVAILABLE", true],
    ["ServiceUnavailableException", "server", 503, "COMPUTE.AWS_UNAVAILABLE", true],
    ["SomethingNewException", "client", 400, "COMPUTE.REQUEST_REJECTED", false],
  ] as const)("%s -> %s", (name, fault, status, code, retryable) => {
    const cause = awsError(name, `${name} happened`, fault, status);
    const error = toComputeError("scale", cause);
    expect(error).toBeInstanceOf(ComputeError);
    expect(error).toMatchObject({ code, retryable, cause });
    expect(error.message).toBe(`scale failed: ${name}: ${name} happened`);
  });

  it("reads an ECS ClientException 'Rate exceeded' as throttling", () => {
    const cause = awsError("ClientException", "Rate exceeded");
    expect(isRetryableComputeError(cause)).toBe(true);
    expect(toComputeError("restart", cause)).toMatchObject({ code: "COMPUTE.THROTTLED", retryable: true });
  });

  it("passes a ComputeError through and never retries one, nor a quota", () => {
    const pending = new HealthPendingError("0 of 1 targets healthy", 10);
    expect(toComputeError("checkHealth", pending)).toBe(pending);
    expect(isRetryableComputeError(pending)).toBe(false);
    expect(isRetryableComputeError(awsError("LimitExceededException"))).toBe(false);
  });

  it("treats a non-AWS failure as unexpected and retryable", () => {
    expect(toComputeError("resume", new TypeError("boom"))).toMatchObject({
      code: "COMPUTE.UNEXPECTED",
      retryable: true,
    });
  });
});
