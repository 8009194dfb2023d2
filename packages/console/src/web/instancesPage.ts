import { html } from "htm/preact";
import type { ApiClient } from "./apiClient.ts";
import type { InstanceList, InstanceSummary, Links } from "./apiTypes.ts";
import { age, healthOf, stateClass } from "./format.ts";
import { ProvisionForm } from "./provisionForm.ts";
import { instancesHref } from "./route.ts";
import type { Session } from "./session.ts";
import { StateCounts } from "./stateCounts.ts";
import { usePolling } from "./usePolling.ts";

const FILTERS = ["state", "tenantId", "environment", "search"] as const;
const PAGE_SIZE = 25;

/** Every instance, filtered and paged by the API (pageSize/startAt), refreshed every 2 s. */
export function InstancesPage(props: { api: ApiClient; session: Session; query: URLSearchParams }) {
  const { api, query } = props;
  const filters = Object.fromEntries(FILTERS.map((name) => [name, query.get(name) ?? undefined]));
  const listQuery = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
  for (const name of FILTERS) if (filters[name]) listQuery.set(name, String(filters[name]));
  const startAt = query.get("startAt");
  if (startAt) listQuery.set("startAt", startAt);
  const list = usePolling(
    () => api.get<InstanceList & { _links: Links }>(`/v1.0/instances?${listQuery}`),
    2000,
    listQuery.toString(),
  );
  const shown = list.data?.items ?? [];
  const navigate = (change: Record<string, string | undefined>) => {
    location.hash = instancesHref({ ...filters, ...change });
  };
  // The filter inputs are uncontrolled: the 2 s refresh must not overwrite what is being typed;
  // a new query remounts them (key).
  return html`
    <h1>Instances</h1>
    <${StateCounts} api=${api} filters=${filters} onPick=${(state: string) => navigate({ state })} />
    <${Filters} key=${JSON.stringify(filters)} filters=${filters} onFilter=${navigate} />
    ${list.error ? html`<p role="alert" class="error">${list.error}</p>` : null}
    <${InstanceTable} items=${shown} loading=${!list.data} />
    <nav class="pager" aria-label="Pages of instances">
      ${startAt ? html`<a href=${instancesHref(filters)}>First page</a>` : null}
      ${
        list.data?.nextStartAt
          ? html`<a href=${instancesHref({ ...filters, startAt: list.data.nextStartAt })}>Next page</a>`
          : null
      }
    </nav>
    ${
      list.data?._links.provision
        ? html`<${ProvisionForm} api=${api} session=${props.session} link=${list.data._links.provision} />`
        : null
    }
  `;
}

function Filters(props: {
  filters: Record<string, string | undefined>;
  onFilter: (change: Record<string, string | undefined>) => void;
}) {
  const { filters } = props;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    props.onFilter({
      state: value("state"),
      tenantId: value("tenantId"),
      environment: value("environment"),
      search: value("search")?.toLowerCase(),
    });
  };
  return html`
    <form class="filters" onSubmit=${onSubmit} aria-label="Filter instances">
      <label>State <input name="state" defaultValue=${filters.state ?? ""} placeholder="any" list="states" /></label>
      <label>Tenant <input name="tenantId" defaultValue=${filters.tenantId ?? ""} placeholder="any" /></label>
      <label>Environment <input name="environment" defaultValue=${filters.environment ?? ""} placeholder="any" list="environments" /></label>
      <label>Search <input type="search" name="search" defaultValue=${filters.search ?? ""}
        placeholder="start of a tenant or instance id" /></label>
      <button type="submit">Apply filters</button>
    </form>
  `;
}

function InstanceTable(props: { items: readonly InstanceSummary[]; loading: boolean }) {
  const now = Date.now();
  if (props.loading) return html`<p aria-live="polite">Loading instances…</p>`;
  if (props.items.length === 0) return html`<p aria-live="polite">No instance matches.</p>`;
  return html`
    <div class="table-wrap">
      <table class="instances">
        <caption class="visually-hidden">Instances</caption>
        <thead>
          <tr><th scope="col">Tenant</th><th scope="col">Environment</th><th scope="col">State</th>
            <th scope="col">Health</th><th scope="col">Current operation</th><th scope="col">Age</th></tr>
        </thead>
        <tbody>
          ${props.items.map(
            (item) => html`<tr key=${item.instanceId}>
              <th scope="row"><a href=${`#/instances/${encodeURIComponent(item.instanceId)}`}>${item.tenantId}</a></th>
              <td>${item.environment}</td>
              <td><span class=${stateClass(item.state)}>${item.state}</span></td>
              <td>${healthOf(item)}</td>
              <td>${item.operation.kind} ${item.operation.status}</td>
              <td>${age(item.createdAt, now)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  `;
}
