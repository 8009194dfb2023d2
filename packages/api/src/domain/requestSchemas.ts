import {
  BackupIdSchema,
  DEAD_LETTER_SOURCES,
  DesiredCountSchema,
  EnvironmentSchema,
  HostnameSchema,
  INSTANCE_STATES,
  InstanceIdSchema,
  OperationIdSchema,
  SizeSchema,
  TenantIdSchema,
  WordPressSchema,
} from "@bbws/contracts";
import { z } from "zod";

/** Request schemas: bodies are strict (an unknown field is a 400 naming it), so typos do not pass silently. */
const WordPressVersionSchema = WordPressSchema.shape.version;
const ImageSchema = WordPressSchema.shape.image;

const provisionFields = {
  tenantId: TenantIdSchema,
  environment: EnvironmentSchema,
  size: SizeSchema.optional(),
  desiredCount: DesiredCountSchema.optional(),
  wordpressVersion: WordPressVersionSchema.optional(),
  image: ImageSchema.optional(),
  hostname: HostnameSchema.optional(),
};

function imageNeedsVersion<T extends z.ZodType<{ image?: string; wordpressVersion?: string }>>(schema: T) {
  return schema.refine((body) => body.image === undefined || body.wordpressVersion !== undefined, {
    path: ["wordpressVersion"],
    error: "wordpressVersion is required when image is given (which WordPress does the image hold?)",
  });
}

export const ProvisionRequestSchema = imageNeedsVersion(z.strictObject(provisionFields)).meta({
  description: "Provision a WordPress instance; what is left out comes from the platform defaults.",
});
export type ProvisionRequest = z.infer<typeof ProvisionRequestSchema>;

/** Under /tenants/{tenantId}/instances the path names the tenant; the body may repeat it. */
export const TenantProvisionRequestSchema = imageNeedsVersion(
  z.strictObject({ ...provisionFields, tenantId: TenantIdSchema.optional() }),
);

export const ScaleRequestSchema = z.strictObject({
  desiredCount: DesiredCountSchema,
  size: SizeSchema.optional(),
});
export const UpdateRequestSchema = imageNeedsVersion(
  z.strictObject({
    wordpressVersion: WordPressVersionSchema,
    image: ImageSchema.optional(),
  }),
);
export const RestoreRequestSchema = z.strictObject({ backupId: BackupIdSchema });
/** suspend, resume, restart and backup take no parameters: no body, or `{}`. */
export const EmptyRequestSchema = z.strictObject({});

const InstanceStateQuerySchema = z.enum(INSTANCE_STATES, {
  error: () => `state must be one of ${INSTANCE_STATES.join(", ")}`,
});

/** A query-string integer in [min, max]; query values always arrive as strings. */
function integerParam(name: string, min: number, max: number) {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number)
    .pipe(z.number().min(min, { error: message }).max(max, { error: message }));
}

const TimestampSchema = (name: string) =>
  z.iso.datetime({
    offset: true,
    error: `${name} must be an ISO-8601 timestamp such as 2026-11-22T10:00:00Z`,
  });

/** Opaque cursors and tokens handed out by a previous page; kept to a safe alphabet and size. */
function tokenParam(name: string) {
  return z
    .string()
    .min(1, { error: `${name} must not be empty` })
    .max(4096, { error: `${name} must be at most 4096 characters` })
    .regex(/^[A-Za-z0-9+/=_.:#-]+$/, { error: `${name} must be a value returned by a previous page` });
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

export const ListQuerySchema = z.strictObject({
  tenantId: TenantIdSchema.optional(),
  state: InstanceStateQuerySchema.optional(),
  environment: EnvironmentSchema.optional(),
  /** The start of a tenantId or an instanceId: the instances whose either starts with it. */
  search: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, {
      error:
        "search must be 1 to 64 lowercase letters, digits or '-': the start of a tenantId or an instanceId",
    })
    .optional(),
  pageSize: integerParam("pageSize", 1, PAGE_SIZE_MAX).optional(),
  startAt: tokenParam("startAt").optional(),
});
export type ListQuery = z.infer<typeof ListQuerySchema>;
export const TenantListQuerySchema = ListQuerySchema.omit({ tenantId: true });

/** GET /v1.0/instance-counts: the list's filters that narrow a count (a state is what it counts). */
export const CountQuerySchema = ListQuerySchema.pick({ tenantId: true, environment: true });
export type CountQuery = z.infer<typeof CountQuerySchema>;

function startBeforeEnd<T extends z.ZodType<{ startTime?: string; endTime?: string }>>(schema: T) {
  return schema.refine(
    (query) => !query.startTime || !query.endTime || Date.parse(query.startTime) <= Date.parse(query.endTime),
    { path: ["endTime"], error: "endTime must not be before startTime" },
  );
}

export const LOG_LIMIT_DEFAULT = 100;
export const LOG_LIMIT_MAX = 1000;

export const LogsQuerySchema = startBeforeEnd(
  z.strictObject({
    startTime: TimestampSchema("startTime").optional(),
    endTime: TimestampSchema("endTime").optional(),
    limit: integerParam("limit", 1, LOG_LIMIT_MAX).optional(),
    nextToken: tokenParam("nextToken").optional(),
  }),
);
export type LogsQuery = z.infer<typeof LogsQuerySchema>;

export const MetricsQuerySchema = startBeforeEnd(
  z.strictObject({
    startTime: TimestampSchema("startTime").optional(),
    endTime: TimestampSchema("endTime").optional(),
    period: integerParam("period", 60, 86_400).optional(),
  }),
);
export type MetricsQuery = z.infer<typeof MetricsQuerySchema>;

/**
 * A replay re-drives at most a week of events: enough for any incident the DLQ retention
 * (14 days) and the archive (30 days) can still fix, and small enough that a typo in a date
 * cannot re-send a month of traffic. Split a longer window into several replays.
 */
export const REPLAY_WINDOW_MAX_DAYS = 7;
const DAY_MS = 86_400_000;

export const ReplayRequestSchema = z
  .strictObject({
    from: TimestampSchema("from"),
    to: TimestampSchema("to"),
    instanceId: InstanceIdSchema.optional(),
  })
  .refine((body) => Date.parse(body.from) < Date.parse(body.to), {
    path: ["to"],
    error: "to must be after from",
  })
  .refine((body) => Date.parse(body.to) - Date.parse(body.from) <= REPLAY_WINDOW_MAX_DAYS * DAY_MS, {
    path: ["to"],
    error: `a replay covers at most ${REPLAY_WINDOW_MAX_DAYS} days; split the window`,
  })
  .meta({
    description:
      "Re-drive the events of [from, to) from the archive; with instanceId only that instance's (the ledger's requests). `to` must not be in the future.",
  });
export type ReplayRequest = z.infer<typeof ReplayRequestSchema>;

/** A consumer with a dead-letter queue: the bus consumers, and `ecsEvents` on AWS. */
export const ConsumerSchema = z.enum(DEAD_LETTER_SOURCES, {
  error: () => `consumer must be one of ${DEAD_LETTER_SOURCES.join(", ")}`,
});

/** No body, `{}` or no consumer: every dead-letter queue. */
export const RedriveRequestSchema = z.strictObject({ consumer: ConsumerSchema.optional() });
export type RedriveRequest = z.infer<typeof RedriveRequestSchema>;

/** Dry run unless `dryRun: false` is sent: removing is never the default. */
export const OrphanCleanupRequestSchema = z.strictObject({
  dryRun: z.boolean({ error: "dryRun must be true or false" }).optional(),
});
export type OrphanCleanupRequest = z.infer<typeof OrphanCleanupRequestSchema>;

// Path parameters are not strict: API Gateway may add its own (a {proxy+} route's `proxy`).
export const NoPathSchema = z.object({});
export const InstancePathSchema = z.object({ instanceId: InstanceIdSchema });
export const TenantPathSchema = z.object({ tenantId: TenantIdSchema });
export const TenantInstancePathSchema = z.object({ tenantId: TenantIdSchema, instanceId: InstanceIdSchema });
export const OperationPathSchema = z.object({ operationId: OperationIdSchema });
export const CleanupPathSchema = z.object({
  cleanupId: z.uuid({ error: "cleanupId must be the UUID that POST /v1.0/orphans/cleanup answered" }),
});

/**
 * `Idempotency-Key`: required on every POST and DELETE. The IETF draft sends it as a
 * structured-field string ("…"); a bare token is accepted as well.
 */
export const IdempotencyKeySchema = z
  .string({ error: "the Idempotency-Key header is required on POST and DELETE; send a fresh UUID" })
  .transform((value) => (/^".*"$/.test(value) ? value.slice(1, -1) : value))
  .pipe(
    z
      .string()
      .min(8, { error: "Idempotency-Key must be 8 to 255 characters; a UUID is a good choice" })
      .max(255, { error: "Idempotency-Key must be 8 to 255 characters; a UUID is a good choice" })
      .regex(/^[\x21-\x7e]+$/, { error: "Idempotency-Key must be printable ASCII without spaces" }),
  );

export const IdempotencyHeadersSchema = z.object({ "Idempotency-Key": IdempotencyKeySchema });
