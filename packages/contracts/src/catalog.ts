import type { z } from "zod";
import { type BusEvent, type EventMeta, type Producer, sourceOf, type TenantEventMeta } from "./envelope.ts";
import { EventValidationError, type FieldIssue, UnknownEventError } from "./errors.ts";
import * as deprovisioning from "./events/deprovisioning.ts";
import * as health from "./events/health.ts";
import * as lifecycle from "./events/lifecycle.ts";
import * as provisioning from "./events/provisioning.ts";
import * as resources from "./events/resources.ts";
import type { Environment } from "./identifiers.ts";

/** Every event that crosses a boundary, in catalog order (docs/events.md follows it). */
export const EVENT_CATALOG = [
  provisioning.TenantCreated,
  provisioning.InstanceRequested,
  resources.IdentityReady,
  resources.IdentityFailed,
  resources.IdentityReleased,
  resources.StorageReady,
  resources.StorageFailed,
  resources.StorageReleased,
  resources.RoutingReady,
  resources.RoutingFailed,
  resources.RoutingReleased,
  provisioning.ComputeRequested,
  resources.ComputeReady,
  resources.ComputeFailed,
  resources.ComputeReleased,
  resources.InstanceHealthy,
  resources.InstanceUnhealthy,
  health.HealthObserved,
  health.InstanceDegraded,
  health.InstanceDown,
  health.InstanceStillDown,
  health.InstanceRecovered,
  health.TaskStopped,
  provisioning.InstanceActivated,
  provisioning.ProvisioningFailed,
  provisioning.ReleaseRequested,
  provisioning.InstanceRolledBack,
  lifecycle.SuspendRequested,
  lifecycle.ResumeRequested,
  lifecycle.ScaleRequested,
  lifecycle.ImageUpdateRequested,
  lifecycle.RestartRequested,
  lifecycle.BackupRequested,
  lifecycle.RestoreRequested,
  lifecycle.CredentialsRotationRequested,
  lifecycle.OperationStepCompleted,
  lifecycle.OperationStepFailed,
  lifecycle.InstanceSuspended,
  lifecycle.InstanceResumed,
  lifecycle.InstanceScaled,
  lifecycle.InstanceImageUpdated,
  lifecycle.InstanceRestarted,
  lifecycle.BackupCompleted,
  lifecycle.RestoreCompleted,
  lifecycle.CredentialsRotated,
  lifecycle.OperationFailed,
  lifecycle.InstanceInconsistent,
  lifecycle.OperationStuck,
  deprovisioning.DeprovisionStarted,
  deprovisioning.InstanceDeprovisioned,
  deprovisioning.OrphansFound,
] as const;

export type CatalogEntry = (typeof EVENT_CATALOG)[number];
export type EventName = CatalogEntry["name"];
type EntryOf<N extends EventName> = Extract<CatalogEntry, { name: N }>;
export type DetailOf<N extends EventName> = z.infer<EntryOf<N>["detail"]>;
export type DataOf<N extends EventName> = DetailOf<N>["data"];
export type MetaOf<N extends EventName> = DetailOf<N>["meta"];

/** A validated event of the catalog, discriminated by `detail-type`. */
export type DomainEvent<N extends EventName = EventName> = {
  [K in N]: BusEvent<K, DetailOf<K>>;
}[N];

const byName = new Map<string, CatalogEntry>(EVENT_CATALOG.map((entry) => [entry.name, entry]));

export function eventDefinition<N extends EventName>(name: N): EntryOf<N> {
  const entry = byName.get(name);
  if (!entry) throw new UnknownEventError(name);
  return entry as EntryOf<N>;
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === "string" && byName.has(value);
}

function toIssues(error: z.ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
}

/** Validates an EventBridge-shaped event against the catalog; errors name the field. */
export function parseBusEvent(raw: unknown): DomainEvent {
  if (typeof raw !== "object" || raw === null) {
    throw new EventValidationError([{ field: "(event)", message: "must be an object" }]);
  }
  const candidate = raw as Record<string, unknown>;
  const detailType = candidate["detail-type"];
  if (!isEventName(detailType)) throw new UnknownEventError(detailType);
  const entry = eventDefinition(detailType);
  const sources = entry.producers.map(sourceOf);
  if (typeof candidate.source !== "string" || !sources.includes(candidate.source)) {
    throw new EventValidationError([{ field: "source", message: `must be one of ${sources.join(", ")}` }]);
  }
  const parsed = entry.detail.safeParse(candidate.detail);
  if (!parsed.success)
    throw new EventValidationError(toIssues(parsed.error, "detail"), { cause: parsed.error });
  const replayName = candidate["replay-name"];
  return {
    source: candidate.source,
    "detail-type": detailType,
    detail: parsed.data,
    ...(typeof replayName === "string" ? { "replay-name": replayName } : {}),
  } as DomainEvent;
}

/** Meta as a producer gives it; `schemaVersion` comes from the catalog. */
export type MetaInput = Omit<EventMeta, "schemaVersion"> | Omit<TenantEventMeta, "schemaVersion">;

/** Builds and validates a catalog event. `producer` is needed only for multi-producer events. */
export function createEvent<N extends EventName>(input: {
  name: N;
  meta: MetaInput;
  data: DataOf<N>;
  producer?: Producer;
}): DomainEvent<N> {
  const entry = eventDefinition(input.name);
  const producer = input.producer ?? entry.producers[0];
  if (!producer || !entry.producers.includes(producer)) {
    throw new EventValidationError([
      { field: "source", message: `${input.name} is not produced by ${producer}` },
    ]);
  }
  const meta = { ...input.meta, schemaVersion: entry.version } as EventMeta | TenantEventMeta;
  return parseBusEvent({
    source: sourceOf(producer),
    "detail-type": input.name,
    detail: { meta, data: input.data },
  }) as DomainEvent<N>;
}

/** The instance an event is about; undefined for tenant-scoped events (TenantCreated). */
export function instanceIdOf(event: DomainEvent): string | undefined {
  return "instanceId" in event.detail.meta ? event.detail.meta.instanceId : undefined;
}

/** The instance an event is about, as the services address it. */
export interface InstanceRef {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: Environment;
}

export function instanceRefOf(event: DomainEvent): InstanceRef {
  const { meta } = event.detail;
  if (!("instanceId" in meta))
    throw new EventValidationError([
      { field: "detail.meta.instanceId", message: `${event["detail-type"]} is not about an instance` },
    ]);
  return { instanceId: meta.instanceId, tenantId: meta.tenantId, environment: meta.environment };
}
