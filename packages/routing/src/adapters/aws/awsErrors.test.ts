import { describe, expect, it } from "vitest";
import { RoutingError } from "../../domain/errors.ts";
import { unexpectedAwsError } from "./awsErrors.ts";

const codes = { retryable: "ROUTING.ELB_UNAVAILABLE", rejected: "ROUTING.ELB_REJECTED" } as const;
const awsError = (name: string, status: number) =>
  Object.assign(new Error(`${name} happened`), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });

describe("unexpectedAwsError", () => {
  it.each([
    ["ThrottlingException", 400, "ROUTING.ELB_UNAVAILABLE", true],
    ["Throttling", 400, "ROUTING.ELB_UNAVAILABLE", true],
    ["TooManyRequestsException", 429, "ROUTING.ELB_UNAVAILABLE", true],
    ["InternalFailure", 500, "ROUTING.ELB_UNAVAILABLE", true],
    ["AccessDenied", 403, "ROUTING.ELB_REJECTED", false],
    ["ValidationError", 400, "ROUTING.ELB_REJECTED", false],
  ])("maps %s (%i) to %s, retryable %s, with the SDK error as cause", (name, status, code, retryable) => {
    const cause = awsError(name, status);
    const error = unexpectedAwsError(cause, codes, "ELBv2 CreateRule");
    expect(error).toBeInstanceOf(RoutingError);
    expect(error).toMatchObject({ code, retryable, cause });
    expect(error.message).toBe(`ELBv2 CreateRule failed: ${name}: ${name} happened`);
  });

  it("passes a RoutingError through unchanged", () => {
    const own = new RoutingError("ROUTING.CAPACITY_EXHAUSTED", "full", { retryable: false });
    expect(unexpectedAwsError(own, codes, "x")).toBe(own);
  });
});
