import {
  BackupSchema,
  CLEANUP_STATUSES,
  CleanupRecordSchema,
  DEAD_LETTER_SOURCES,
  EnvironmentSchema,
  HealthCheckPartSchema,
  HealthStatusSchema,
  InstanceHealthSchema,
  InstanceIdSchema,
  InstanceSpecSchema,
  InstanceStateSchema,
  OperationKindSchema,
  OperationViewSchema,
  ResourceStatusSchema,
} from "@bbws/contracts";
import { z } from "zod";

/**
 * The ledger's shapes the API answers with as they are (one definition, in @bbws/contracts):
 * an operation, the orphan scan's report, a cleanup's report and record.
 */
export {
  type CleanupRecord,
  CleanupRecordSchema,
  type CleanupReport,
  CleanupReportSchema,
  type OperationView,
  OperationViewSchema,
  type OrphanReport,
  OrphanReportSchema,
} from "@bbws/contracts";

/** What the API answers. The port types are inferred from these, so there is one definition. */
export const LinkSchema = z.object({
  href: z.string(),
  method: z.enum(["GET", "POST", "DELETE"]).optional(),
});
export type Link = z.infer<typeof LinkSchema>;
/** HATEOAS: actions appear only when the instance's state allows them and no operation is running. */
export const LinksSchema = z.record(z.string(), LinkSchema);
export type Links = z.infer<typeof LinksSchema>;

export const OperationResourceSchema = OperationViewSchema.extend({
  /** Set for a backup: the id the backup will carry once taken. */
  backupId: z.uuid().optional(),
  _links: LinksSchema,
});

export const InstanceViewSchema = z.object({
  instanceId: InstanceIdSchema,
  tenantId: z.string(),
  environment: EnvironmentSchema,
  state: InstanceStateSchema,
  spec: InstanceSpecSchema,
  /** Where the site answers, once routing is ready. */
  url: z.string().optional(),
  resources: z.object({
    identity: ResourceStatusSchema,
    storage: ResourceStatusSchema,
    routing: ResourceStatusSchema,
    compute: ResourceStatusSchema,
  }),
  /** The last health report (InstanceHealthy) the ledger recorded. */
  health: z.object({ url: z.string(), httpStatus: z.number().int() }).optional(),
  /** Health beside the lifecycle state (GET .../health tells more). */
  healthState: InstanceHealthSchema.optional(),
  /** While ACTIVE: the health status now (the last check, else the activation's report). */
  healthStatus: HealthStatusSchema.optional(),
  backups: z.array(BackupSchema),
  operation: OperationViewSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InstanceView = z.infer<typeof InstanceViewSchema>;

export const InstanceResourceSchema = InstanceViewSchema.extend({ _links: LinksSchema });

/**
 * A list's item: what a table of instances shows, and where the rest is (`_links.self`, the
 * instance with its links). A hundred full instances were 151 KB (issue 17); these are ~0.3 KB each.
 */
export const InstanceSummarySchema = InstanceViewSchema.pick({
  instanceId: true,
  tenantId: true,
  environment: true,
  state: true,
  healthStatus: true,
  createdAt: true,
})
  .extend({
    /** Recorded resources that no longer exist (`healthState.drift` of the instance); only when some did. */
    drift: z.array(z.string()).optional(),
    /** The current (or last) operation: what it does and how far it is. */
    operation: OperationViewSchema.pick({ kind: true, status: true }),
    _links: z.object({ self: LinkSchema }),
  })
  .meta({
    description:
      "An instance as a list shows it. `_links.self` reads the whole instance: spec, resources, backups, health, the operation's details and the links to the actions its state allows.",
  });
export type InstanceSummary = z.infer<typeof InstanceSummarySchema>;

export const InstanceListSchema = z.object({
  items: z.array(InstanceSummarySchema),
  pageSize: z.number().int(),
  moreAvailable: z.boolean(),
  /** Pass as `startAt` to read the next page. */
  nextStartAt: z.string().optional(),
  _links: LinksSchema,
});

export const InstanceCountsSchema = z.object({
  total: z.number().int(),
  /** Every state, zero included (the console's state filter reads its keys). */
  states: z.record(z.string(), z.number().int()),
  /** Every environment, zero included. */
  environments: z.record(z.string(), z.number().int()),
  _links: LinksSchema,
});

export const StatusResourceSchema = z.object({
  instanceId: InstanceIdSchema,
  tenantId: z.string(),
  environment: EnvironmentSchema,
  state: InstanceStateSchema,
  operation: OperationViewSchema,
  allowedOperations: z.array(OperationKindSchema),
  _links: LinksSchema,
});

export const HealthResourceSchema = z.object({
  instanceId: InstanceIdSchema,
  state: InstanceStateSchema,
  /**
   * HEALTHY, DEGRADED (serving, short of what is wanted), UNHEALTHY (nothing serves), UNKNOWN
   * (not checked yet, or not watched: only ACTIVE instances are). See docs/operations.md.
   */
  status: HealthStatusSchema,
  /** False unless the instance is ACTIVE: a SUSPENDED one serves a maintenance page by design. */
  watched: z.boolean(),
  /** When it entered `status`. */
  since: z.string().optional(),
  lastCheckedAt: z.string().optional(),
  /** live-check, supervisor, ecs-event or sweep. */
  observer: z.string().optional(),
  reason: z.string().optional(),
  /** Recorded resources that no longer exist (`service:kind`); repairing them is an operator action. */
  drift: z.array(z.string()).optional(),
  /** The health report of the activation (InstanceHealthy). */
  lastReport: z.object({ url: z.string(), httpStatus: z.number().int() }).optional(),
  /** POST only: the check just run, each part with its outcome and timing. */
  check: z
    .object({
      checkedAt: z.string(),
      ms: z.number().int(),
      parts: z.array(HealthCheckPartSchema),
    })
    .optional(),
  _links: LinksSchema,
});

export const TimelineEntrySchema = z.object({
  eventId: z.string(),
  type: z.string(),
  source: z.string(),
  occurredAt: z.string(),
  loggedAt: z.string(),
  correlationId: z.string(),
  causationId: z.string().nullable(),
  data: z.unknown(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelineResourceSchema = z.object({
  instanceId: InstanceIdSchema,
  items: z.array(TimelineEntrySchema),
  _links: LinksSchema,
});

export const LogEventSchema = z.object({
  timestamp: z.string(),
  message: z.string(),
  stream: z.string().optional(),
});
export const LogPageSchema = z.object({
  items: z.array(LogEventSchema),
  /** Pass back as `nextToken` to continue; absent when there is nothing more (yet). */
  nextToken: z.string().optional(),
});
export type LogPage = z.infer<typeof LogPageSchema>;
export const LogsResourceSchema = LogPageSchema.extend({ instanceId: InstanceIdSchema, _links: LinksSchema });

export const BackupListResourceSchema = z.object({
  instanceId: InstanceIdSchema,
  items: z.array(BackupSchema),
  _links: LinksSchema,
});

export const MetricSeriesSchema = z.object({
  name: z.string(),
  unit: z.string(),
  points: z.array(z.object({ timestamp: z.string(), value: z.number() })),
});
export const MetricsPageSchema = z.object({ period: z.number().int(), series: z.array(MetricSeriesSchema) });
export type MetricsPage = z.infer<typeof MetricsPageSchema>;
export const MetricsResourceSchema = MetricsPageSchema.extend({
  instanceId: InstanceIdSchema,
  _links: LinksSchema,
});

/** Per tenant: the sum of its ACTIVE and SUSPENDED instances' series, point by point. */
export const TenantMetricsResourceSchema = z.object({
  tenantId: z.string(),
  period: z.number().int(),
  instances: z.array(
    z.object({
      instanceId: InstanceIdSchema,
      environment: EnvironmentSchema,
      series: z.array(MetricSeriesSchema),
    }),
  ),
  total: z.object({ series: z.array(MetricSeriesSchema) }).meta({
    description:
      "Per series name, the points of every instance with the same timestamp added up. Percent series (CPU, memory) are summed too: 2 instances at 40% give 80, a share of one instance's allowance.",
  }),
  _links: LinksSchema,
});

/** EventBridge's replay states; a local replay (and a re-publication) is COMPLETED at once. */
export const REPLAY_STATES = [
  "STARTING",
  "RUNNING",
  "CANCELLING",
  "COMPLETED",
  "CANCELLED",
  "FAILED",
] as const;

export const ReplayViewSchema = z.object({
  /** `bbws-replay-<yyyymmddThhmmssZ>-<8 hex>`, EventBridge's ReplayName. */
  replayName: z.string(),
  from: z.string(),
  to: z.string(),
  instanceId: InstanceIdSchema.optional(),
  state: z.enum(REPLAY_STATES),
  /** Known when the events were re-sent synchronously (locally; an instance's on AWS). */
  eventsReplayed: z.number().int().min(0).optional(),
  /** An archive replay on AWS: `aws events describe-replay --replay-name` follows it. */
  replayArn: z.string().optional(),
});
export type ReplayView = z.infer<typeof ReplayViewSchema>;

export const DeadLetterMessageSchema = z.object({
  messageId: z.string(),
  receiveCount: z.number().int().optional(),
  /** When the message was first sent (to the source queue). */
  sentAt: z.string().optional(),
  /** Read from the body when it is a bus event. */
  detailType: z.string().optional(),
  instanceId: z.string().optional(),
  tenantId: z.string().optional(),
  bodyExcerpt: z.string(),
});
export type DeadLetterMessage = z.infer<typeof DeadLetterMessageSchema>;

export const DeadLetterQueueViewSchema = z.object({
  /** Whose: a bus consumer, or `ecsEvents` (AWS: the ECS events consumer's queue, fed by the default bus). */
  consumer: z.enum(DEAD_LETTER_SOURCES),
  /** The dead-letter queue: its name locally, its URL on AWS. */
  queue: z.string(),
  approximateCount: z.number().int().min(0),
  /** A peek at up to 10 messages; on AWS a sample (SQS short polling). */
  messages: z.array(DeadLetterMessageSchema),
});
export type DeadLetterQueueView = z.infer<typeof DeadLetterQueueViewSchema>;
export const DeadLetterListSchema = z.object({ queues: z.array(DeadLetterQueueViewSchema) });

export const RedriveViewSchema = z.object({
  consumer: z.enum(DEAD_LETTER_SOURCES),
  queue: z.string(),
  /** Locally: how many messages went back to the consumer's queue. */
  moved: z.number().int().min(0).optional(),
  /** On AWS: the SQS message move task (ListMessageMoveTasks follows it). */
  taskHandle: z.string().optional(),
  /** This queue could not be redriven (the others still were). */
  error: z.string().optional(),
});
export type RedriveView = z.infer<typeof RedriveViewSchema>;
export const RedriveResultSchema = z.object({ redriven: z.array(RedriveViewSchema) });

/**
 * An orphan cleanup, run in the background: RUNNING until the scan records COMPLETED (with its
 * report) or FAILED (with the reason); STUCK when it stays RUNNING past its deadline (the scan
 * function died: its logs say why).
 */
export const OrphanCleanupViewSchema = CleanupRecordSchema.extend({
  status: z.enum([...CLEANUP_STATUSES, "STUCK"]),
  _links: z.object({ self: z.object({ href: z.string() }) }),
});
export type OrphanCleanupView = z.infer<typeof OrphanCleanupViewSchema>;

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  code: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z
    .array(
      z.object({ in: z.enum(["body", "query", "path", "header"]), field: z.string(), message: z.string() }),
    )
    .optional(),
  allowedOperations: z.array(OperationKindSchema).optional(),
  instanceId: z.string().optional(),
  retryAfterSeconds: z.number().int().optional(),
  allow: z.array(z.string()).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
