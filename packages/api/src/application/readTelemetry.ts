import { ApiError } from "../domain/errors.ts";
import { subResourceLinks } from "../domain/links.ts";
import { LOG_LIMIT_DEFAULT, type LogsQuery, type MetricsQuery } from "../domain/requestSchemas.ts";
import type { ApiResult, UseCaseDeps } from "./apiResult.ts";
import { requireInstance } from "./readInstance.ts";

const HOUR_MS = 3_600_000;
const DEFAULT_PERIOD_SECONDS = 300;

function notConfigured(what: string, owner: string): ApiError {
  return new ApiError("API.NOT_IMPLEMENTED", `${what} are not available in this deployment: ${owner}`);
}

export async function getLogs(
  deps: UseCaseDeps,
  instanceId: string,
  query: LogsQuery,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  if (!deps.logs) throw notConfigured("logs", "no log reader is configured (logs port)");
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

/** Metrics are the day-2 operations issue's: without a metrics port this answers 501. */
export async function getMetrics(
  deps: UseCaseDeps,
  instanceId: string,
  query: MetricsQuery,
  tenantScope?: string,
): Promise<ApiResult> {
  const view = await requireInstance(deps, instanceId, tenantScope);
  if (!deps.metrics) throw notConfigured("metrics", "they belong to the day-2 operations issue");
  const endTime = query.endTime ? Date.parse(query.endTime) : deps.clock();
  const startTime = query.startTime ? Date.parse(query.startTime) : endTime - HOUR_MS;
  const page = await deps.metrics.read({
    instance: { instanceId, tenantId: view.tenantId, environment: view.environment },
    startTime,
    endTime,
    periodSeconds: query.period ?? DEFAULT_PERIOD_SECONDS,
  });
  return {
    status: 200,
    body: { instanceId, ...page, _links: subResourceLinks(instanceId, "metrics", tenantScope) },
  };
}
