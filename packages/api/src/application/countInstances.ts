import { ENVIRONMENTS, INSTANCE_STATES } from "@bbws/contracts";
import { API_PREFIX } from "../domain/links.ts";
import type { CountQuery } from "../domain/requestSchemas.ts";
import { PAGE_SIZE_MAX } from "../domain/requestSchemas.ts";
import type { ApiResult, UseCaseDeps } from "./apiResult.ts";

/**
 * Counts by state and environment, read through the same list the pages come from (pages of
 * 100): the ledger keeps no counters, and a count read from one source cannot disagree with
 * the table it sits above. O(instances) per call, which the console polls every 2 s.
 */
export async function countInstances(deps: UseCaseDeps, query: CountQuery): Promise<ApiResult> {
  const states: Record<string, number> = Object.fromEntries(INSTANCE_STATES.map((state) => [state, 0]));
  const environments: Record<string, number> = Object.fromEntries(ENVIRONMENTS.map((name) => [name, 0]));
  let total = 0;
  let startAt: string | undefined;
  do {
    const page = await deps.queries.list({ ...query, limit: PAGE_SIZE_MAX, ...(startAt ? { startAt } : {}) });
    for (const item of page.items) {
      states[item.state] = (states[item.state] ?? 0) + 1;
      environments[item.environment] = (environments[item.environment] ?? 0) + 1;
      total += 1;
    }
    startAt = page.nextStartAt;
  } while (startAt);
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
  );
  const suffix = search.size > 0 ? `?${search}` : "";
  return {
    status: 200,
    body: {
      total,
      states,
      environments,
      _links: { self: { href: `${API_PREFIX}/instance-counts${suffix}`, method: "GET" } },
    },
  };
}
