import { z } from "zod";
import { EnvironmentSchema, EventIdSchema, InstanceIdSchema, TenantIdSchema } from "./identifiers.ts";

export const PRODUCERS = [
  "tenant-management",
  "api",
  "ledger",
  "identity",
  "storage",
  "routing",
  "compute",
] as const;
export type Producer = (typeof PRODUCERS)[number];

/** EventBridge `source` of a producer: `bbws.<service>`. */
export function sourceOf(producer: Producer): string {
  return `bbws.${producer}`;
}

const CorrelationSchema = z.string().min(1).max(128);

export const EventMetaSchema = z.object({
  eventId: EventIdSchema,
  schemaVersion: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true, error: "occurredAt must be an ISO-8601 timestamp" }),
  correlationId: CorrelationSchema,
  causationId: CorrelationSchema.nullable(),
  tenantId: TenantIdSchema,
  instanceId: InstanceIdSchema,
  environment: EnvironmentSchema,
});
export type EventMeta = z.infer<typeof EventMetaSchema>;

/** Upstream events are about a tenant, before any instance exists. */
export const TenantEventMetaSchema = EventMetaSchema.omit({ instanceId: true });
export type TenantEventMeta = z.infer<typeof TenantEventMetaSchema>;

export type EventScope = "instance" | "tenant";

export interface EventDefinition<
  Name extends string = string,
  Data extends z.ZodType = z.ZodType,
  Scope extends EventScope = EventScope,
> {
  readonly name: Name;
  readonly version: number;
  /** Who may publish it (the EventBridge `source` is `bbws.<producer>`). */
  readonly producers: readonly Producer[];
  readonly scope: Scope;
  readonly description: string;
  readonly data: Data;
  /** The EventBridge `detail`: `{ meta, data }`. */
  readonly detail: z.ZodObject<{
    meta: Scope extends "tenant" ? typeof TenantEventMetaSchema : typeof EventMetaSchema;
    data: Data;
  }>;
}

export function defineEvent<
  const Name extends string,
  Data extends z.ZodType,
  Scope extends EventScope = "instance",
>(input: {
  name: Name;
  producer: Producer | readonly Producer[];
  description: string;
  data: Data;
  scope?: Scope;
  version?: number;
}): EventDefinition<Name, Data, Scope> {
  const scope = (input.scope ?? "instance") as Scope;
  const meta = scope === "tenant" ? TenantEventMetaSchema : EventMetaSchema;
  return {
    name: input.name,
    version: input.version ?? 1,
    producers: typeof input.producer === "string" ? [input.producer] : input.producer,
    scope,
    description: input.description,
    data: input.data,
    detail: z.object({ meta, data: input.data }) as EventDefinition<Name, Data, Scope>["detail"],
  };
}

/** An event as it travels on the bus (the EventBridge event shape, minus AWS-added fields). */
export interface BusEvent<Name extends string = string, Detail = unknown> {
  readonly source: string;
  readonly "detail-type": Name;
  readonly detail: Detail;
  /** Set by EventBridge (and the local archive) when an event is re-driven by a replay. */
  readonly "replay-name"?: string;
}
