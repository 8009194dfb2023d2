import { subResourceLinks } from "../domain/links.ts";
import { LOG_LIMIT_DEFAULT, type LogsQuery, type MetricsQuery } from "../domain/requestSchemas.ts";
import type { ApiResult, UseCaseDeps } from "./apiResult.ts";
import { notConfigured } from "./notConfigured.ts";
import { requireInstance } from "./readInstance.ts";

const HOUR_MS = 3_600_000;
const DEFAULT_PERIOD_SECONDS = 300;

/** The window and period a metrics query asks for: by default the last hour in 5-minute points. */
export function metricsWindow(query: MetricsQuery, clock: () => number) {
  const endTime = query.endTime ? Date.parse(query.endTime) : clock();
  const startTime = query.startTime ? Date.parse(query.startTime) : endTime - HOUR_MS;
  return { startTime, endTime, periodSeconds: query.period ?? DEFAULT_PERIOD_SECONDS };
}

export async function getLogs(
  deps: UseCaseDeps,
  instanceId: string,
  query: LogsQuery,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  if (!deps.logs) throw notConfigured("logs", "logs");
  const page = await deps.logs.read({
    instance: { instanceId, tenantId: view.tenantId, environment: view.environment },
    ...(query.startTime ? { startTime: Date.parse(query.startTime) } : {}),
    ...(query.endTime ? { endTime: Date.parse(query.endTime) } : {}),
    limit: query.limit ?? LOG_LIMIT_DEFAULT,
    ...(query.nextToken ? { nextToken: query.nextToken } : {}),
  });
  return {
    status: 200,
    body: { instanceId, ...page, _links: subResourceLinks(instanceId, "logs", tenantScope) },
  };
}

/** Without a metrics port this answers 501. */
export async function getMetrics(
  deps: UseCaseDeps,
  instanceId: string,
  query: MetricsQuery,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  if (!deps.metrics) throw notConfigured("metrics", "metrics");
  const page = await deps.metrics.read({
    instance: { instanceId, tenantId: view.tenantId, environment: view.environment },
    ...metricsWindow(query, deps.clock),
  });
  return {
    status: 200,
    body: { instanceId, ...page, _links: subResourceLinks(instanceId, "metrics", tenantScope) },
  };
}
