import { html } from "htm/preact";
import type { Instance, TimelineEntry } from "./apiTypes.ts";
import { laneOf } from "./timeline.ts";

const RESOURCE_LANES = ["identity", "storage", "routing", "compute"] as const;

/**
 * Each service's resources: its status from the instance, and its names and ARNs (or the local
 * equivalents) from the outputs of its last `...Ready` event: the API shows no service outputs
 * on the instance itself, the event log carries them.
 */
export function ResourcesView(props: { instance: Instance; entries: readonly TimelineEntry[] }) {
  const { instance } = props;
  return html`
    <section class="panel" aria-labelledby="resources-title">
      <h2 id="resources-title">Resources</h2>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Service</th><th scope="col">Status</th><th scope="col">Names and ARNs</th></tr></thead>
        <tbody>
          ${RESOURCE_LANES.map(
            (lane) => html`<tr key=${lane}>
              <th scope="row">${lane}</th>
              <td>${instance.resources[lane] ?? "unknown"}</td>
              <td><${Outputs} outputs=${lastOutputs(props.entries, lane)} /></td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      <h3>Backups</h3>
      ${
        instance.backups.length === 0
          ? html`<p class="note">No backup yet.</p>`
          : html`<ul class="backups">${instance.backups.map(
              (backup) =>
                html`<li key=${backup.backupId}><code>${backup.backupId}</code> taken ${backup.takenAt}</li>`,
            )}</ul>`
      }
    </section>
  `;
}

function Outputs(props: { outputs: Record<string, unknown> | undefined }) {
  if (!props.outputs) return html`<span class="muted">none</span>`;
  return html`<dl class="outputs">${Object.entries(props.outputs).map(
    ([name, value]) =>
      html`<div><dt>${name}</dt><dd><code>${typeof value === "string" ? value : JSON.stringify(value)}</code></dd></div>`,
  )}</dl>`;
}

function lastOutputs(entries: readonly TimelineEntry[], lane: string): Record<string, unknown> | undefined {
  const ready = [...entries]
    .reverse()
    .find((entry) => laneOf(entry.source) === lane && entry.type.endsWith("Ready"));
  const data = ready?.data as { outputs?: Record<string, unknown> } | undefined;
  return data?.outputs;
}
