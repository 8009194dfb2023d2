import { EventBridgeClient, PutRuleCommand } from "@aws-sdk/client-eventbridge";
import { DefaultRateLimiter } from "@smithy/core/retry";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { jsonError, type ScriptedAnswer, scriptedJsonService } from "../testing/scriptedJsonService.ts";
import { AWS_SDK_MAX_ATTEMPTS, awsSdkRetrySettings, isResourceQuotaError } from "./awsSdkRetrySettings.ts";

/**
 * The retry strategy on a real SDK client (EventBridge: its LimitExceededException is a quota,
 * its ThrottlingException the throttle), answered without a network. The clock is fake: a retry's
 * backoff and the adaptive rate limiter's waits are timers, run at once by runAllTimersAsync, and
 * "held" below means waiting for a timer while no time passes.
 */
const OK: ScriptedAnswer = { status: 200, body: { RuleArn: "arn:aws:events:eu-west-1:111122223333:rule/r" } };

function eventBridge(answer: (sent: number) => ScriptedAnswer, settings: object = awsSdkRetrySettings()) {
  const service = scriptedJsonService((_operation, sent) => answer(sent));
  const client = new EventBridgeClient({
    ...settings,
    region: "eu-west-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
    requestHandler: service.requestHandler,
  });
  return { client, sent: () => service.operations.length };
}

type SdkError = Error & { readonly $metadata: { readonly attempts: number } };

const putRule = (client: EventBridgeClient) => client.send(new PutRuleCommand({ Name: "r" }));

/** The call's outcome, all its timers (backoff, rate limiter) run. */
async function settle(call: Promise<unknown>) {
  const outcome = call.then(
    (output) => ({ output, error: undefined }),
    (error: unknown) => ({ output: undefined, error }),
  );
  await vi.runAllTimersAsync();
  return outcome;
}

/** Whether the call ends without any time passing (false: held by the client's rate limiter). */
async function goesOutAtOnce(call: Promise<unknown>) {
  let settled = false;
  call.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

/** The SDK's hook for the limiter's sleeps (a private static, public at run time). */
const limiterTimers = DefaultRateLimiter as unknown as {
  setTimeoutFn: (wake: () => void, ms: number) => unknown;
};
const sdkSetTimeout = limiterTimers.setTimeoutFn;
beforeEach(() => {
  vi.useFakeTimers();
  // The limiter sleeps until its next token, often a fraction of a millisecond too short for the
  // fake Date's whole milliseconds: it would sleep 0 ms forever. A real timer waits at least 1 ms.
  limiterTimers.setTimeoutFn = (wake, ms) => setTimeout(wake, Math.max(1, Math.ceil(ms)));
});
afterEach(async () => {
  await vi.runAllTimersAsync();
  limiterTimers.setTimeoutFn = sdkSetTimeout;
  vi.useRealTimers();
});

describe("awsSdkRetrySettings: resource quotas are not throttles", () => {
  it("sends a call refused with LimitExceededException once; the caller gets the service's error", async () => {
    const { client, sent } = eventBridge(() => jsonError("LimitExceededException"));
    const error = (await settle(putRule(client))).error as SdkError;
    expect(error.name).toBe("LimitExceededException");
    expect(error.$metadata.attempts).toBe(1);
    expect(sent()).toBe(1);
  });

  it("still retries a throttle (ThrottlingException) up to AWS_SDK_MAX_ATTEMPTS", async () => {
    const { client, sent } = eventBridge(() => jsonError("ThrottlingException"));
    const error = (await settle(putRule(client))).error as SdkError;
    expect(error.name).toBe("ThrottlingException");
    expect(error.$metadata.attempts).toBe(AWS_SDK_MAX_ATTEMPTS);
    expect(sent()).toBe(AWS_SDK_MAX_ATTEMPTS);
  });

  it("still retries a transient 5xx, and answers with the retry's success", async () => {
    const { client, sent } = eventBridge((count) => (count === 1 ? jsonError("InternalException", 500) : OK));
    const { output } = (await settle(putRule(client))) as { output: { $metadata: { attempts: number } } };
    expect(output.$metadata.attempts).toBe(2);
    expect(sent()).toBe(2);
  });

  it("leaves the client's sending rate alone after a quota refusal; a throttle lowers it", async () => {
    let answer = jsonError("LimitExceededException");
    const { client } = eventBridge(() => answer);
    await settle(putRule(client));
    answer = OK;
    expect(await goesOutAtOnce(putRule(client))).toBe(true);

    answer = jsonError("ThrottlingException");
    await settle(putRule(client));
    answer = OK;
    expect(await goesOutAtOnce(putRule(client))).toBe(false);
  });

  it("gives each client its own strategy: a throttled client does not slow another", async () => {
    let answer = jsonError("ThrottlingException");
    const throttled = eventBridge(() => answer);
    const other = eventBridge(() => OK);
    await settle(putRule(throttled.client));
    answer = OK;
    expect(await goesOutAtOnce(putRule(other.client))).toBe(true);
    expect(await goesOutAtOnce(putRule(throttled.client))).toBe(false);
  });

  it("is needed: the SDK's own adaptive mode retries LimitExceededException as a throttle", async () => {
    const sdkAdaptive = { retryMode: "adaptive", maxAttempts: AWS_SDK_MAX_ATTEMPTS };
    const { client, sent } = eventBridge(() => jsonError("LimitExceededException"), sdkAdaptive);
    await settle(putRule(client));
    expect(sent()).toBe(AWS_SDK_MAX_ATTEMPTS);
  });
});

describe("isResourceQuotaError", () => {
  it("is LimitExceededException only, by name", () => {
    const named = (name: string) => Object.assign(new Error(name), { name });
    expect(isResourceQuotaError(named("LimitExceededException"))).toBe(true);
    expect(isResourceQuotaError(named("ThrottlingException"))).toBe(false);
    expect(isResourceQuotaError(named("TooManyRequestsException"))).toBe(false);
    expect(isResourceQuotaError({ name: "LimitExceededException" })).toBe(false);
  });
});
