import { z } from "zod";
import { type DomainEvent, parseBusEvent } from "./catalog.ts";
import { BackupIdSchema, BackupSchema } from "./events/lifecycle.ts";
import {
  ArchiveSchema,
  ComputeOutputsSchema,
  IdentityOutputsSchema,
  RoutingOutputsSchema,
  StorageOutputsSchema,
} from "./events/outputs.ts";
import { InstanceHealthSchema } from "./health.ts";
import { EnvironmentSchema, InstanceIdSchema, OperationIdSchema, ServiceSchema } from "./identifiers.ts";
import { DesiredCountSchema, InstanceSpecSchema, SizeSchema, WordPressSchema } from "./instanceSpec.ts";
import { InstanceStateSchema, OperationKindSchema, OperationStatusSchema } from "./stateMachine.ts";

/**
 * The ledger's records, as its store keeps them and the API reads them (the seam between
 * the two: `LedgerQueries`). The ledger's domain types are these; a change of shape is made here.
 * Readonly: the ledger's decisions never mutate a record, they make the next one.
 */

/**
 * What the ledger knows of a service's resources for the instance.
 * `releasing` stays until that service reports Released after the last request.
 */
export const RESOURCE_STATUSES = ["absent", "creating", "ready", "releasing", "released"] as const;
export const ResourceStatusSchema = z.enum(RESOURCE_STATUSES);
export type ResourceStatus = z.infer<typeof ResourceStatusSchema>;

export const OperationFailureSchema = z
  .object({
    code: z.string(),
    reason: z.string(),
    service: z.string().optional(),
    /** The stage that failed (staged operations only). */
    stage: z.number().int().min(0).optional(),
  })
  .readonly();
export type OperationFailure = z.infer<typeof OperationFailureSchema>;

/** What the command asked for, kept until the operation completes (then folded into the spec). */
export const OperationParamsSchema = z
  .object({
    desiredCount: DesiredCountSchema.optional(),
    size: SizeSchema.optional(),
    wordpress: WordPressSchema.optional(),
    backupId: BackupIdSchema.optional(),
  })
  .readonly();
export type OperationParams = z.infer<typeof OperationParamsSchema>;

/** An undo in progress (COMPENSATION_RULES): the services it awaits are the operation's `awaiting`. */
export const UndoProgressSchema = z
  .object({
    /** The undo request's own operation id, so a late answer to the failed step is never taken for the undo's. */
    operationId: OperationIdSchema,
    /** Undo steps that failed: their services may disagree with the others. */
    failures: z.array(OperationFailureSchema).readonly(),
  })
  .readonly();
export type UndoProgress = z.infer<typeof UndoProgressSchema>;

const OperationFields = z.object({
  operationId: OperationIdSchema,
  kind: OperationKindSchema,
  status: OperationStatusSchema,
  requestedAt: z.string(),
  requestedBy: z.string(),
  correlationId: z.string(),
  deadlineAt: z.string(),
  finishedAt: z.string().optional(),
  /** Index into `stagesOf(kind, state)` of the stage being carried out. */
  stage: z.number().int().min(0),
  /** Services of the current stage that have not reported yet. */
  awaiting: z.array(ServiceSchema).readonly(),
  params: OperationParamsSchema,
  /**
   * Why it failed: the first failed step. Set while the operation is still open when the
   * ledger compensates it (COMPENSATION_RULES): a restore's last stage, or an undo.
   */
  failure: OperationFailureSchema.optional(),
  /** Set while the ledger undoes a failed operation (COMPENSATION_RULES). */
  undo: UndoProgressSchema.optional(),
});
export const OperationRecordSchema = OperationFields.readonly();
export type OperationRecord = z.infer<typeof OperationRecordSchema>;

/** An operation looked up by its id: the record and the instance it belongs to. */
export const StoredOperationSchema = OperationFields.extend({ instanceId: InstanceIdSchema }).readonly();
export type StoredOperation = z.infer<typeof StoredOperationSchema>;

/** Compensation or deprovisioning: services released stage by stage (HLD order). */
export const ReleaseProgressSchema = z
  .object({
    reason: z.enum(["rollback", "deprovision"]),
    stage: z.number().int().min(0),
    awaiting: z.array(ServiceSchema).readonly(),
  })
  .readonly();
export type ReleaseProgress = z.infer<typeof ReleaseProgressSchema>;

export const HealthReportSchema = z.object({ url: z.string(), httpStatus: z.number().int() }).readonly();

export const InstanceOutputsSchema = z
  .object({
    identity: IdentityOutputsSchema.readonly().optional(),
    storage: StorageOutputsSchema.readonly().optional(),
    routing: RoutingOutputsSchema.readonly().optional(),
    compute: ComputeOutputsSchema.readonly().optional(),
    /** Set by InstanceHealthy, which may arrive before ComputeReady. */
    health: HealthReportSchema.optional(),
    /** The archive storage made before it dropped the data (deprovisioning). */
    archive: ArchiveSchema.readonly().optional(),
  })
  .readonly();
export type InstanceOutputs = z.infer<typeof InstanceOutputsSchema>;

const ResourcesSchema = z
  .object({
    identity: ResourceStatusSchema,
    storage: ResourceStatusSchema,
    routing: ResourceStatusSchema,
    compute: ResourceStatusSchema,
  })
  .readonly();

export const InstanceRecordSchema = z
  .object({
    instanceId: InstanceIdSchema,
    tenantId: z.string(),
    environment: EnvironmentSchema,
    spec: InstanceSpecSchema,
    state: InstanceStateSchema,
    resources: ResourcesSchema,
    outputs: InstanceOutputsSchema,
    operation: OperationRecordSchema,
    release: ReleaseProgressSchema.nullable(),
    backups: z.array(BackupSchema.readonly()).readonly(),
    /** Health beside the lifecycle state (HealthObserved folds); absent until the first observation. */
    health: InstanceHealthSchema.optional(),
    /** When the last credentials rotation completed (absent: never; the schedule counts from createdAt). */
    credentialsRotatedAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .readonly();
export type InstanceRecord = z.infer<typeof InstanceRecordSchema>;

function isDomainEvent(value: unknown): boolean {
  try {
    parseBusEvent(value);
    return true;
  } catch {
    return false;
  }
}

/** One entry of an instance's event log: an event it received or emitted, whole. */
export const LoggedEventSchema = z
  .object({
    event: z.custom<DomainEvent>(isDomainEvent, { error: "event must be an event of the catalog" }),
    loggedAt: z.string(),
  })
  .readonly();
export type LoggedEvent = z.infer<typeof LoggedEventSchema>;

export const InstanceQuerySchema = z
  .object({
    tenantId: z.string().optional(),
    state: InstanceStateSchema.optional(),
    environment: EnvironmentSchema.optional(),
    /** The start of the tenantId or of the instanceId (lowercase: both are). */
    search: z.string().optional(),
    limit: z.number().int().positive(),
    /** Opaque cursor returned as `nextStartAt` by the previous page. */
    startAt: z.string().optional(),
  })
  .readonly();
export type InstanceQuery = z.infer<typeof InstanceQuerySchema>;

export const InstancePageSchema = z
  .object({
    items: z.array(InstanceRecordSchema).readonly(),
    nextStartAt: z.string().optional(),
  })
  .readonly();
export type InstancePage = z.infer<typeof InstancePageSchema>;
