import { SUBSCRIPTIONS, type Subscription } from "@bbws/contracts";

/**
 * The consumers' EventBridge rules, named after the rows of the one subscription table. Rule
 * names are unique per bus (each stage has its own bus), so the subscription's name is the
 * rule's name, and every rule ARN follows from the bus ARN: a replay can name exactly the
 * consumers' rules (`Destination.FilterArns`) without a variable per rule.
 */

/** EventBridge rule names: 1 to 64 of `.-_A-Za-z0-9`. */
const RULE_NAME = /^[.\-_A-Za-z0-9]{1,64}$/;
/** A custom bus: `arn:{partition}:events:{region}:{account}:event-bus/{name}`. */
export const BUS_ARN = /^(arn:[a-z-]+:events:[a-z0-9-]+:\d{12}):event-bus\/([.\-_A-Za-z0-9]{1,256})$/;

export function consumerRuleName(subscription: Subscription): string {
  if (!RULE_NAME.test(subscription.name))
    throw new Error(
      `subscription ${subscription.name} cannot name an EventBridge rule (1-64 of .-_A-Za-z0-9)`,
    );
  return subscription.name;
}

/**
 * The ARN of each consumer rule on this bus. A rule of a custom bus is
 * `rule/{bus}/{rule}`; of the default bus `rule/{rule}` (Service Authorization Reference).
 */
export function consumerRuleArns(busArn: string): string[] {
  const match = BUS_ARN.exec(busArn);
  if (!match)
    throw new Error(`${busArn} is not an event bus ARN (arn:aws:events:{region}:{account}:event-bus/{name})`);
  const [, prefix, busName] = match;
  const path = busName === "default" ? "rule" : `rule/${busName}`;
  return SUBSCRIPTIONS.map((subscription) => `${prefix}:${path}/${consumerRuleName(subscription)}`);
}
