import type { InstanceState } from "@bbws/contracts";
import { API_PREFIX, instancesPath } from "../domain/links.ts";
import type { MetricsQuery } from "../domain/requestSchemas.ts";
import { sumSeries } from "../domain/sumSeries.ts";
import type { InstanceView } from "../domain/viewSchemas.ts";
import type { ApiResult, UseCaseDeps } from "./apiResult.ts";
import { notConfigured } from "./notConfigured.ts";
import { metricsWindow } from "./readTelemetry.ts";

/** Instances that run (or hold their data, suspended): the ones whose usage a tenant is shown. */
const MEASURED: readonly InstanceState[] = ["ACTIVE", "SUSPENDED"];
const PAGE = 100;

/**
 * GET /tenants/{tenantId}/metrics: each ACTIVE or SUSPENDED instance's metrics (one port call
 * each, the same window and period) and their sum per series name and timestamp.
 */
export async function getTenantMetrics(
  deps: UseCaseDeps,
  tenantId: string,
  query: MetricsQuery,
): Promise<ApiResult> {
  const { metrics } = deps;
  if (!metrics) throw notConfigured("metrics", "metrics");
  const window = metricsWindow(query, deps.clock);
  const instances = await measuredInstances(deps, tenantId);
  const pages = await Promise.all(
    instances.map(async ({ instanceId, environment }) => {
      const page = await metrics.read({ instance: { instanceId, tenantId, environment }, ...window });
      return { instanceId, environment, period: page.period, series: page.series };
    }),
  );
  return {
    status: 200,
    body: {
      tenantId,
      // The period the adapter used (CloudWatch rounds up to whole minutes), the same for each.
      period: pages[0]?.period ?? window.periodSeconds,
      instances: pages.map(({ period: _used, ...page }) => page),
      total: { series: sumSeries(pages.map((page) => page.series)) },
      _links: {
        self: { href: `${API_PREFIX}/tenants/${tenantId}/metrics`, method: "GET" },
        instances: { href: instancesPath(tenantId), method: "GET" },
      },
    },
  };
}

async function measuredInstances(deps: UseCaseDeps, tenantId: string): Promise<InstanceView[]> {
  const found: InstanceView[] = [];
  let startAt: string | undefined;
  do {
    const page = await deps.queries.list({ tenantId, limit: PAGE, ...(startAt ? { startAt } : {}) });
    found.push(...page.items.filter((view) => MEASURED.includes(view.state)));
    startAt = page.nextStartAt;
  } while (startAt);
  return found;
}
