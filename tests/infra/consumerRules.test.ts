import { SUBSCRIPTIONS } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { consumerRuleArns, consumerRuleName } from "../../infra/consumerRules.ts";

describe("the consumers' rules, named after the subscription table", () => {
  it("derives each consumer rule's ARN from a custom bus's ARN", () => {
    expect(consumerRuleArns("arn:aws:events:eu-west-1:111122223333:event-bus/bbws-dev-bus")).toEqual(
      SUBSCRIPTIONS.map(
        (subscription) => `arn:aws:events:eu-west-1:111122223333:rule/bbws-dev-bus/${subscription.name}`,
      ),
    );
  });

  it("drops the bus from the path on the default bus", () => {
    expect(consumerRuleArns("arn:aws:events:eu-west-1:111122223333:event-bus/default")[0]).toBe(
      `arn:aws:events:eu-west-1:111122223333:rule/${SUBSCRIPTIONS[0]?.name}`,
    );
  });

  it("refuses what is not an event bus ARN, saying what it expects", () => {
    expect(() => consumerRuleArns("arn:aws:sqs:eu-west-1:111122223333:queue")).toThrow(
      /is not an event bus ARN \(arn:aws:events:\{region\}:\{account\}:event-bus\/\{name\}\)/,
    );
  });

  it("every subscription name is a valid EventBridge rule name; a bad one is refused", () => {
    for (const subscription of SUBSCRIPTIONS) expect(consumerRuleName(subscription)).toBe(subscription.name);
    const bad = { ...SUBSCRIPTIONS[0], name: "identity requests" } as (typeof SUBSCRIPTIONS)[number];
    expect(() => consumerRuleName(bad)).toThrow(/cannot name an EventBridge rule/);
  });
});
