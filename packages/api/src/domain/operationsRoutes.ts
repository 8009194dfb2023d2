import { API_PREFIX } from "./links.ts";
import * as requests from "./requestSchemas.ts";
import type { RouteSpec } from "./routeTypes.ts";
import * as views from "./viewSchemas.ts";

const ok = (schema: RouteSpec["response"]["schema"], description: string) =>
  ({ status: 200, schema, description }) as const;

/** Recovery reads and actions span every tenant: operators only (`operate`), reads included. */
function recovery(
  input: Pick<RouteSpec, "name" | "method" | "summary" | "body" | "response" | "problems"> & {
    readonly suffix: string;
  },
): RouteSpec {
  const { suffix, ...route } = input;
  return {
    ...route,
    tenantScoped: false,
    operationId: route.name,
    path: `${API_PREFIX}${suffix}`,
    tag: "recovery",
    access: "operate",
    params: requests.NoPathSchema,
  };
}

const BODY_PROBLEMS = [413, 415, 422];

/** Tenant-wide reads and the operators' recovery tools (issue 8). */
export const OPERATIONS_ROUTES: readonly RouteSpec[] = [
  {
    name: "getTenantMetrics",
    tenantScoped: true,
    operationId: "getTenantMetrics",
    method: "GET",
    path: `${API_PREFIX}/tenants/{tenantId}/metrics`,
    summary: "The tenant's ACTIVE and SUSPENDED instances' metrics, and their sum",
    tag: "tenants",
    access: "read",
    params: requests.TenantPathSchema,
    query: requests.MetricsQuerySchema,
    response: ok(views.TenantMetricsResourceSchema, "Per instance, and the tenant's total"),
    problems: [501],
  },
  {
    name: "countInstances",
    tenantScoped: false,
    operationId: "countInstances",
    method: "GET",
    path: `${API_PREFIX}/instance-counts`,
    summary: "How many instances are in each state and environment (optionally of one tenant or environment)",
    tag: "instances",
    access: "read",
    params: requests.NoPathSchema,
    query: requests.CountQuerySchema,
    response: ok(views.InstanceCountsSchema, "The counts"),
    problems: [],
  },
  recovery({
    name: "startReplay",
    method: "POST",
    suffix: "/replays",
    summary: "Re-drive archived events of a window (of one instance, or all) onto the bus",
    body: { schema: requests.ReplayRequestSchema, required: true },
    response: {
      status: 202,
      schema: views.ReplayViewSchema,
      description: "Accepted: the replay (COMPLETED when the events were re-sent at once)",
    },
    problems: [404, 409, ...BODY_PROBLEMS, 501],
  }),
  recovery({
    name: "listDeadLetters",
    method: "GET",
    suffix: "/dlq",
    summary: "Every consumer's dead-letter queue: its size and a peek at its messages",
    response: ok(views.DeadLetterListSchema, "The dead-letter queues"),
    problems: [501],
  }),
  recovery({
    name: "redriveDeadLetters",
    method: "POST",
    suffix: "/dlq/redrive",
    summary: "Move dead letters back to their consumers' queues (every consumer's, or one's)",
    body: { schema: requests.RedriveRequestSchema, required: false },
    response: {
      status: 202,
      schema: views.RedriveResultSchema,
      description: "Accepted: per queue, what moved (locally) or the move task (on AWS)",
    },
    problems: [...BODY_PROBLEMS, 501],
  }),
  recovery({
    name: "scanOrphans",
    method: "GET",
    suffix: "/orphans",
    summary: "Scan now: resources of ours that belong to no live instance",
    response: ok(views.OrphanReportSchema, "The scan's report"),
    problems: [501],
  }),
  recovery({
    name: "cleanupOrphans",
    method: "POST",
    suffix: "/orphans/cleanup",
    summary:
      "Start a cleanup in the background: scan afresh, then remove the orphans (a dry run unless dryRun is false); poll Location",
    body: { schema: requests.OrphanCleanupRequestSchema, required: false },
    response: {
      status: 202,
      schema: views.OrphanCleanupViewSchema,
      description: "Accepted: the cleanup, RUNNING; its Location answers with the report once it ends",
    },
    problems: [...BODY_PROBLEMS, 501, 503],
  }),
  {
    ...recovery({
      name: "getOrphanCleanup",
      method: "GET",
      suffix: "/orphans/cleanups/{cleanupId}",
      summary: "An orphan cleanup: RUNNING, then COMPLETED with what was (or would be) removed, or FAILED",
      response: ok(views.OrphanCleanupViewSchema, "The cleanup"),
      problems: [404, 422, 501],
    }),
    params: requests.CleanupPathSchema,
  },
];
