import { html } from "htm/preact";
import type { ApiClient } from "./apiClient.ts";
import { stateClass } from "./format.ts";
import { usePolling } from "./usePolling.ts";

interface InstanceCounts {
  readonly total: number;
  readonly states: Readonly<Record<string, number>>;
  readonly environments: Readonly<Record<string, number>>;
}

/**
 * How many instances are in each state (under the tenant and environment filters), from
 * GET /v1.0/instance-counts; its keys are also the filters' choices, so the console keeps no
 * list of states or environments of its own.
 */
export function StateCounts(props: {
  api: ApiClient;
  filters: Record<string, string | undefined>;
  onPick: (state: string) => void;
}) {
  const query = new URLSearchParams();
  for (const name of ["tenantId", "environment"]) {
    const value = props.filters[name];
    if (value) query.set(name, value);
  }
  const counts = usePolling(
    () => props.api.get<InstanceCounts>(`/v1.0/instance-counts?${query}`),
    2000,
    query.toString(),
  );
  const data = counts.data;
  if (!data) return counts.error ? html`<p role="alert" class="error">${counts.error}</p>` : null;
  return html`
    <section class="counts" aria-label="Instances per state">
      <span class="count-total">${data.total} instances</span>
      ${Object.entries(data.states).map(
        ([state, count]) => html`<button type="button" class=${`count ${stateClass(state)}`}
          aria-pressed=${props.filters.state === state ? "true" : "false"}
          onClick=${() => props.onPick(props.filters.state === state ? "" : state)}>
          ${state} <strong>${count}</strong></button>`,
      )}
    </section>
    <datalist id="states">${Object.keys(data.states).map((state) => html`<option value=${state} />`)}</datalist>
    <datalist id="environments">${Object.keys(data.environments).map((name) => html`<option value=${name} />`)}</datalist>
  `;
}
