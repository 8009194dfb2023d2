import type { z } from "zod";
import { API_PREFIX } from "./links.ts";
import { OPERATIONS_ROUTES } from "./operationsRoutes.ts";
import * as requests from "./requestSchemas.ts";
import type { RouteName, RouteSpec } from "./routeTypes.ts";
import * as views from "./viewSchemas.ts";

export { type HttpMethod, ROUTE_NAMES, type RouteName, type RouteSpec } from "./routeTypes.ts";

type RouteInput = Pick<
  RouteSpec,
  "name" | "method" | "summary" | "access" | "query" | "body" | "response" | "problems"
> & {
  readonly suffix: string;
};

const accepted = (what: string) =>
  ({
    status: 202,
    schema: views.OperationResourceSchema,
    description: `Accepted: the ${what} operation; its Location header points at it`,
  }) as const;
const ok = (schema: z.ZodType, description: string) => ({ status: 200, schema, description }) as const;
const WRITE_PROBLEMS = [404, 409, 413, 415, 422];

function action(verb: string, summary: string, schema?: z.ZodType): RouteInput {
  return {
    name: `${verb}Instance` as RouteName,
    method: "POST",
    suffix: `/${verb}`,
    summary,
    access: "write",
    body: { schema: schema ?? requests.EmptyRequestSchema, required: schema !== undefined },
    response: accepted(verb),
    problems: WRITE_PROBLEMS,
  };
}

function read(
  name: RouteName,
  suffix: string,
  summary: string,
  schema: z.ZodType,
  query?: z.ZodType,
): RouteInput {
  const problems = name === "getInstanceMetrics" || name === "getInstanceLogs" ? [404, 501] : [404];
  return {
    name,
    method: "GET",
    suffix,
    summary,
    access: "read",
    ...(query ? { query } : {}),
    response: ok(schema, summary),
    problems,
  };
}

const COLLECTION: readonly RouteInput[] = [
  {
    name: "provisionInstance",
    method: "POST",
    suffix: "",
    summary: "Provision an instance for a tenant in an environment",
    access: "write",
    body: { schema: requests.ProvisionRequestSchema, required: true },
    response: accepted("provision"),
    problems: [409, 413, 415, 422],
  },
  {
    name: "listInstances",
    method: "GET",
    suffix: "",
    summary: "List instances, filtered and paged",
    access: "read",
    query: requests.ListQuerySchema,
    response: ok(
      views.InstanceListSchema,
      "A page of instance summaries (the list's columns); each item's `_links.self` is the whole instance",
    ),
    problems: [],
  },
];

const INSTANCE: readonly RouteInput[] = [
  read(
    "getInstance",
    "",
    "Read an instance, with links to the actions its state allows",
    views.InstanceResourceSchema,
  ),
  {
    name: "deprovisionInstance",
    method: "DELETE",
    suffix: "",
    summary: "Deprovision: archive the data, then remove every resource",
    access: "write",
    response: accepted("deprovision"),
    problems: [404, 409, 422],
  },
  action("suspend", "Suspend: scale to zero tasks and serve a maintenance page"),
  action("resume", "Resume a suspended instance"),
  action("scale", "Change the task count and, optionally, the size", requests.ScaleRequestSchema),
  action("update", "Roll out another WordPress version or image", requests.UpdateRequestSchema),
  action("restart", "Restart the instance's tasks"),
  action("backup", "Take a backup (database dump and content)"),
  action("restore", "Restore a backup of this instance", requests.RestoreRequestSchema),
  {
    ...action("rotate-credentials", "Rotate the database password (alternating users; also every 30 days)"),
    name: "rotateInstanceCredentials",
  },
  read(
    "getInstanceStatus",
    "/status",
    "The state, the current operation and the operations allowed now",
    views.StatusResourceSchema,
  ),
  read("getInstanceHealth", "/health", "The instance's last known health", views.HealthResourceSchema),
  {
    name: "checkInstanceHealth",
    method: "POST",
    suffix: "/health",
    summary:
      "Check the instance's health now (each part under its own timeout, the whole inside 500 ms) and record it",
    access: "read",
    body: { schema: requests.EmptyRequestSchema, required: false },
    response: ok(
      views.HealthResourceSchema,
      "The health after this check, with each part's result and timing",
    ),
    problems: [404, 409, 501],
  },
  read(
    "getInstanceLogs",
    "/logs",
    "The instance's WordPress logs",
    views.LogsResourceSchema,
    requests.LogsQuerySchema,
  ),
  read(
    "getInstanceEvents",
    "/events",
    "The instance's event timeline, oldest first",
    views.TimelineResourceSchema,
  ),
  read(
    "listInstanceBackups",
    "/backups",
    "The backups taken of this instance",
    views.BackupListResourceSchema,
  ),
  read(
    "getInstanceMetrics",
    "/metrics",
    "The instance's metrics",
    views.MetricsResourceSchema,
    requests.MetricsQuerySchema,
  ),
];

/** Under a tenant, the body's tenantId and the list's tenantId filter come from the path. */
function tenantVariant(route: RouteInput): RouteInput {
  if (route.name === "provisionInstance")
    return { ...route, body: { schema: requests.TenantProvisionRequestSchema, required: true } };
  if (route.name === "listInstances") return { ...route, query: requests.TenantListQuerySchema };
  return route;
}

function build(routes: readonly RouteInput[], collection: boolean, tenantScoped: boolean): RouteSpec[] {
  const prefix = `${API_PREFIX}${tenantScoped ? "/tenants/{tenantId}" : ""}/instances${collection ? "" : "/{instanceId}"}`;
  const params = collection
    ? tenantScoped
      ? requests.TenantPathSchema
      : requests.NoPathSchema
    : tenantScoped
      ? requests.TenantInstancePathSchema
      : requests.InstancePathSchema;
  return routes.map((input) => {
    const { suffix, ...route } = tenantScoped ? tenantVariant(input) : input;
    return {
      ...route,
      tenantScoped,
      operationId: tenantScoped ? `${route.name}ForTenant` : route.name,
      path: `${prefix}${suffix}`,
      tag: tenantScoped ? "tenant instances" : "instances",
      params,
    };
  });
}

export const ROUTES: readonly RouteSpec[] = [
  ...build(COLLECTION, true, false),
  ...build(INSTANCE, false, false),
  {
    name: "getOperation",
    tenantScoped: false,
    operationId: "getOperation",
    method: "GET",
    path: `${API_PREFIX}/operations/{operationId}`,
    summary: "Read an operation (where a 202's Location points)",
    tag: "operations",
    access: "read",
    params: requests.OperationPathSchema,
    response: ok(views.OperationResourceSchema, "The operation"),
    problems: [404],
  },
  ...build(COLLECTION, true, true),
  ...build(INSTANCE, false, true),
  ...OPERATIONS_ROUTES,
];

/** A path template as a strict pattern: literal text escaped, `{name}` one non-empty segment. */
export function routePattern(template: string): RegExp {
  return routeTemplate(template).pattern;
}

/** The same pattern, each `{name}` captured in order, and the names in that order. */
export function routeTemplate(template: string): { readonly pattern: RegExp; readonly names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[A-Za-z]+\})/)
    .map((part) => {
      if (!/^\{[A-Za-z]+\}$/.test(part)) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(part.slice(1, -1));
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}/?$`), names };
}
