import type { z } from "zod";
import type { UseCaseDeps } from "../application/apiResult.ts";
import { countInstances } from "../application/countInstances.ts";
import { checkHealth, getHealth } from "../application/instanceHealth.ts";
import { provisionInstance } from "../application/provisionInstance.ts";
import {
  getEvents,
  getInstance,
  getOperation,
  getStatus,
  listBackups,
  listInstances,
} from "../application/readInstance.ts";
import { getLogs, getMetrics } from "../application/readTelemetry.ts";
import {
  cleanupOrphans,
  getOrphanCleanup,
  listDeadLetters,
  redriveDeadLetters,
  scanOrphans,
  startReplay,
} from "../application/recoveryOperations.ts";
import { type OperationRequest, startOperation } from "../application/startOperation.ts";
import { getTenantMetrics } from "../application/tenantMetrics.ts";
import type {
  CountQuery,
  ListQuery,
  LogsQuery,
  MetricsQuery,
  OrphanCleanupRequest,
  ProvisionRequest,
  RedriveRequest,
  ReplayRequest,
  RestoreRequestSchema,
  ScaleRequestSchema,
  UpdateRequestSchema,
} from "../domain/requestSchemas.ts";
import type { RouteName } from "../domain/routeSpecs.ts";
import type { RouteContext, RouteImplementation } from "./createRouteHandler.ts";

// The casts below are safe: each route's input was parsed by the schemas its spec names
// (src/domain/routeSpecs.ts), and the route tests exercise every one.

function instanceId(context: RouteContext): string {
  return context.params.instanceId ?? "";
}

function operation(
  deps: UseCaseDeps,
  toRequest: (context: RouteContext) => OperationRequest,
): RouteImplementation {
  return (context) => startOperation(deps, instanceId(context), toRequest(context), context);
}

/** Every route name has an implementation, or this does not compile. */
export function routeImplementations(deps: UseCaseDeps): Record<RouteName, RouteImplementation> {
  return {
    provisionInstance: (context) =>
      provisionInstance(
        deps,
        context.body as Omit<ProvisionRequest, "tenantId"> & { tenantId?: string },
        context,
      ),
    listInstances: (context) => listInstances(deps, (context.query ?? {}) as ListQuery, context.tenantScope),
    getInstance: (context) => getInstance(deps, instanceId(context), context.tenantScope),
    deprovisionInstance: operation(deps, () => ({ kind: "deprovision" })),
    suspendInstance: operation(deps, () => ({ kind: "suspend" })),
    resumeInstance: operation(deps, () => ({ kind: "resume" })),
    scaleInstance: operation(deps, (context) => ({
      kind: "scale",
      ...(context.body as z.output<typeof ScaleRequestSchema>),
    })),
    updateInstance: operation(deps, (context) => ({
      kind: "updateImage",
      ...(context.body as z.output<typeof UpdateRequestSchema>),
    })),
    restartInstance: operation(deps, () => ({ kind: "restart" })),
    backupInstance: operation(deps, () => ({ kind: "backup" })),
    rotateInstanceCredentials: operation(deps, () => ({ kind: "rotateCredentials" })),
    restoreInstance: operation(deps, (context) => ({
      kind: "restore",
      ...(context.body as z.output<typeof RestoreRequestSchema>),
    })),
    getInstanceStatus: (context) => getStatus(deps, instanceId(context), context.tenantScope),
    getInstanceHealth: (context) => getHealth(deps, instanceId(context), context.tenantScope),
    checkInstanceHealth: (context) => checkHealth(deps, instanceId(context), context),
    getInstanceLogs: (context) =>
      getLogs(deps, instanceId(context), (context.query ?? {}) as LogsQuery, context.tenantScope),
    getInstanceEvents: (context) => getEvents(deps, instanceId(context), context.tenantScope),
    listInstanceBackups: (context) => listBackups(deps, instanceId(context), context.tenantScope),
    getInstanceMetrics: (context) =>
      getMetrics(deps, instanceId(context), (context.query ?? {}) as MetricsQuery, context.tenantScope),
    getOperation: (context) => getOperation(deps, context.params.operationId ?? ""),
    getTenantMetrics: (context) =>
      getTenantMetrics(deps, context.params.tenantId ?? "", (context.query ?? {}) as MetricsQuery),
    startReplay: (context) => startReplay(deps, context.body as ReplayRequest, context),
    listDeadLetters: () => listDeadLetters(deps),
    redriveDeadLetters: (context) => redriveDeadLetters(deps, context.body as RedriveRequest | undefined),
    scanOrphans: () => scanOrphans(deps),
    cleanupOrphans: (context) =>
      cleanupOrphans(deps, context.body as OrphanCleanupRequest | undefined, context),
    getOrphanCleanup: (context) => getOrphanCleanup(deps, context.params.cleanupId ?? ""),
    countInstances: (context) => countInstances(deps, (context.query ?? {}) as CountQuery),
  };
}
