import type { DeadLetterMessage } from "./viewSchemas.ts";

export const BODY_EXCERPT_LENGTH = 200;

type BodyFacts = Pick<DeadLetterMessage, "detailType" | "instanceId" | "tenantId" | "bodyExcerpt">;

/**
 * What an operator needs to recognise a dead letter: when the body is a bus event, its
 * detail-type and the instance and tenant of its meta; always the start of the body
 * (a poison message is often not JSON at all).
 */
export function describeDeadLetterBody(body: string): BodyFacts {
  const excerpt = { bodyExcerpt: body.slice(0, BODY_EXCERPT_LENGTH) };
  const event = parseObject(body);
  if (!event) return excerpt;
  const meta = asObject(asObject(event.detail)?.meta);
  return {
    ...stringField("detailType", event["detail-type"]),
    ...stringField("instanceId", meta?.instanceId),
    ...stringField("tenantId", meta?.tenantId),
    ...excerpt,
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringField<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === "string" && value.length > 0 ? ({ [key]: value } as Record<K, string>) : {};
}
