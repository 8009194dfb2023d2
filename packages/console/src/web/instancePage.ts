import { html } from "htm/preact";
import { ActionPanel } from "./actionPanel.ts";
import type { ApiClient } from "./apiClient.ts";
import type { Instance, LogEvent, MetricSeries, TimelineEntry } from "./apiTypes.ts";
import { healthOf, stateClass } from "./format.ts";
import { ResourcesView } from "./resourcesView.ts";
import type { Session } from "./session.ts";
import { Sparkline } from "./sparkline.ts";
import { TimelineView } from "./timelineView.ts";
import { usePolling } from "./usePolling.ts";

const LIVE_MS = 1000;

/** One instance: its saga live (polled every second), resources, backups, logs, metrics, actions. */
export function InstancePage(props: { api: ApiClient; session: Session; instanceId: string }) {
  const { api, instanceId } = props;
  const base = `/v1.0/instances/${encodeURIComponent(instanceId)}`;
  const instance = usePolling(() => api.get<Instance>(base), LIVE_MS, instanceId);
  const events = usePolling(
    () => api.get<{ items: TimelineEntry[] }>(`${base}/events`).then((page) => page.items),
    LIVE_MS,
    instanceId,
  );
  const view = instance.data;
  if (!view) {
    const failure = instance.error ?? events.error;
    return failure
      ? html`<p role="alert" class="error">${failure}</p>`
      : html`<p aria-live="polite">Loading ${instanceId}…</p>`;
  }
  const refresh = () => {
    instance.refresh();
    events.refresh();
  };
  return html`
    <p><a href="#/instances">← All instances</a></p>
    <h1>${view.tenantId} <span class="muted">${view.environment}</span></h1>
    <dl class="summary">
      <div><dt>State</dt><dd><span class=${stateClass(view.state)} data-testid="state">${view.state}</span></dd></div>
      <div><dt>Operation</dt><dd data-testid="operation">${view.operation.kind} ${view.operation.status}</dd></div>
      <div><dt>Health</dt><dd>${healthOf({ healthStatus: view.healthStatus, drift: view.healthState?.drift })}</dd></div>
      <div><dt>Site</dt><dd>${view.url ? html`<a href=${view.url} data-testid="site-link">${view.url}</a>` : "none yet"}</dd></div>
      <div><dt>Instance id</dt><dd><code>${view.instanceId}</code></dd></div>
    </dl>
    ${
      view.operation.failure
        ? html`<p role="alert" class="error">${view.operation.failure.code}: ${view.operation.failure.reason}</p>`
        : null
    }
    <${ActionPanel} api=${api} session=${props.session} instance=${view} onDone=${refresh} />
    <${TimelineView} entries=${events.data ?? []} />
    <${ResourcesView} instance=${view} entries=${events.data ?? []} />
    <${Telemetry} api=${api} base=${base} instanceId=${instanceId} />
  `;
}

function Telemetry(props: { api: ApiClient; base: string; instanceId: string }) {
  const { api, base } = props;
  const logs = usePolling(
    () => api.get<{ items: LogEvent[] }>(`${base}/logs?limit=20`).then((page) => page.items),
    5000,
    props.instanceId,
  );
  const metrics = usePolling(
    () => api.get<{ series: MetricSeries[] }>(`${base}/metrics?period=60`).then((page) => page.series),
    10_000,
    props.instanceId,
  );
  return html`
    <section class="panel" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics (last hour)</h2>
      ${metrics.error ? html`<p class="note">${metrics.error}</p>` : null}
      <div class="charts">
        ${(metrics.data ?? []).map((series) => html`<${Sparkline} key=${series.name} series=${series} />`)}
      </div>
    </section>
    <section class="panel" aria-labelledby="logs-title">
      <h2 id="logs-title">Last log lines</h2>
      ${logs.error ? html`<p class="note">${logs.error}</p>` : null}
      <pre class="logs" tabindex="0" aria-label="Last log lines">${
        (logs.data ?? [])
          .slice(-20)
          .map((line) => `${line.timestamp}  ${line.message}`)
          .join("\n") || "no log lines"
      }</pre>
    </section>
  `;
}
