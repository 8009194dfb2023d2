import type { z } from "zod";
import type { Access } from "./authorize.ts";

export type HttpMethod = "GET" | "POST" | "DELETE";

export const ROUTE_NAMES = [
  "provisionInstance",
  "listInstances",
  "getInstance",
  "deprovisionInstance",
  "suspendInstance",
  "resumeInstance",
  "scaleInstance",
  "updateInstance",
  "restartInstance",
  "backupInstance",
  "restoreInstance",
  "rotateInstanceCredentials",
  "getInstanceStatus",
  "getInstanceHealth",
  "checkInstanceHealth",
  "getInstanceLogs",
  "getInstanceEvents",
  "listInstanceBackups",
  "getInstanceMetrics",
  "getOperation",
  "getTenantMetrics",
  "startReplay",
  "listDeadLetters",
  "redriveDeadLetters",
  "scanOrphans",
  "cleanupOrphans",
  "getOrphanCleanup",
  "countInstances",
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

/**
 * One route as data: the router, the request validation, the authorization and the
 * OpenAPI document all read this table, so none of them can drift from the others.
 * Instance routes exist twice: under /instances and under /tenants/{tenantId}/instances
 * (`tenantScoped`, operationId suffixed `ForTenant`), served by the same implementation.
 */
export interface RouteSpec {
  readonly name: RouteName;
  readonly tenantScoped: boolean;
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tag: "instances" | "tenant instances" | "operations" | "tenants" | "recovery";
  readonly access: Access;
  readonly params: z.ZodObject;
  readonly query?: z.ZodType;
  readonly body?: { readonly schema: z.ZodType; readonly required: boolean };
  readonly response: { readonly status: 200 | 202; readonly schema: z.ZodType; readonly description: string };
  /** Problem statuses of this route besides the ones every route may answer (400, 401, 403, 429, 5xx). */
  readonly problems: readonly number[];
}
