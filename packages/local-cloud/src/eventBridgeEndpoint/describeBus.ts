import type { EventPatternJson } from "@bbws/contracts";
import { type AwsJsonError, awsJsonError } from "./awsJsonError.ts";
import { type BusDescriptor, busArn } from "./localEventsCredentials.ts";

/** A rule of the bus: a row of the subscription table, or an HTTP subscriber. */
export interface BusRule {
  readonly name: string;
  readonly pattern: EventPatternJson;
  readonly description?: string;
}

type Answer<T> = { response: T } | { error: AwsJsonError };

/** DescribeEventBus for our bus (by name or ARN); any other bus does not exist here. */
export function describeEventBus(input: unknown, bus: BusDescriptor): Answer<Record<string, unknown>> {
  const named = ourBus(field(input, "Name"), bus);
  if ("error" in named) return named;
  return {
    response: {
      Name: bus.name,
      Arn: busArn(bus),
      // JSON 1.1 timestamps travel as epoch seconds.
      CreationTime: bus.createdAt / 1000,
      LastModifiedTime: bus.createdAt / 1000,
    },
  };
}

/** ListRules of our bus, in table order, with NamePrefix, Limit and NextToken as AWS takes them. */
export function listRules(
  input: unknown,
  bus: BusDescriptor,
  rules: readonly BusRule[],
): Answer<Record<string, unknown>> {
  const named = ourBus(field(input, "EventBusName"), bus);
  if ("error" in named) return named;
  const prefix = field(input, "NamePrefix");
  const limit = field(input, "Limit") ?? 100;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 100)
    return invalid(
      `Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 100`,
    );
  const token = field(input, "NextToken");
  const start = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0)
    return { error: awsJsonError(400, "ValidationException", "The NextToken is not valid.") };
  const matching = rules.filter((rule) => typeof prefix !== "string" || rule.name.startsWith(prefix));
  const page = matching.slice(start, start + limit).map((rule) => ({
    Name: rule.name,
    Arn: `arn:aws:events:${bus.region}:${bus.account}:rule/${bus.name}/${rule.name}`,
    EventPattern: JSON.stringify(rule.pattern),
    State: "ENABLED",
    ...(rule.description ? { Description: rule.description } : {}),
    EventBusName: bus.name,
  }));
  const next = start + limit < matching.length ? { NextToken: String(start + limit) } : {};
  return { response: { Rules: page, ...next } };
}

function ourBus(name: unknown, bus: BusDescriptor): { ok: true } | { error: AwsJsonError } {
  const given = name ?? "default";
  if (given === bus.name || given === busArn(bus)) return { ok: true };
  return {
    error: awsJsonError(400, "ResourceNotFoundException", `Event bus ${String(given)} does not exist.`),
  };
}

function field(input: unknown, name: string): unknown {
  return typeof input === "object" && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

function invalid(detail: string): { error: AwsJsonError } {
  return { error: awsJsonError(400, "ValidationException", `1 validation error detected: ${detail}`) };
}
