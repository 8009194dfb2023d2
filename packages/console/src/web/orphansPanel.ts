import { html } from "htm/preact";
import { useState } from "preact/hooks";
import type { ApiClient } from "./apiClient.ts";
import type { Session } from "./session.ts";
import { useAction } from "./useAction.ts";
import { usePolling } from "./usePolling.ts";

interface Cleanup {
  readonly cleanupId: string;
  readonly dryRun: boolean;
  readonly status: string;
  readonly report?: {
    readonly orphans: readonly Orphan[];
    readonly removed: readonly unknown[];
    readonly failed: readonly unknown[];
  };
  readonly error?: string;
  readonly _links: { readonly self: { readonly href: string } };
}
interface Orphan {
  readonly kind: string;
  readonly id: string;
  readonly tenantId?: string;
}

/** A cleanup runs in the background: start it (dry run, or apply after a confirmation), then follow it. */
export function OrphansPanel(props: { api: ApiClient; session: Session }) {
  const [cleanupHref, setCleanupHref] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const start = useAction(props.api, () => undefined);
  const cleanup = usePolling(
    () => (cleanupHref ? props.api.get<Cleanup>(cleanupHref) : Promise.resolve(undefined)),
    cleanupHref ? 1000 : 0,
    cleanupHref ?? "none",
  );
  const begin = async (dryRun: boolean) => {
    setConfirming(false);
    const answer = (await start.run(
      dryRun ? "orphan dry run" : "orphan cleanup",
      "POST",
      "/v1.0/orphans/cleanup",
      {
        dryRun,
      },
    )) as Cleanup | undefined;
    if (answer) setCleanupHref(answer._links.self.href);
  };
  const disabled = !props.session.canOperate;
  const current = cleanup.data;
  return html`
    <section class="panel" aria-labelledby="orphans-title">
      <h2 id="orphans-title">Orphaned resources</h2>
      <div class="actions">
        <button type="button" disabled=${disabled} onClick=${() => begin(true)}>Scan (dry run)</button>
        ${
          confirming
            ? html`<span role="group" aria-label="Confirm removing orphans" class="confirm">
              <button type="button" class="danger" onClick=${() => begin(false)}>Yes, remove the orphans</button>
              <button type="button" onClick=${() => setConfirming(false)}>Cancel</button></span>`
            : html`<button type="button" class="danger" disabled=${disabled} onClick=${() => setConfirming(true)}>Remove orphans…</button>`
        }
      </div>
      <p aria-live="polite" class=${start.message?.error ? "error" : "note"}>${start.message?.text ?? ""}</p>
      ${
        current
          ? html`<div data-testid="cleanup">
            <p>${current.dryRun ? "Dry run" : "Cleanup"} <code>${current.cleanupId}</code>: <strong>${current.status}</strong>
              ${current.error ? ` (${current.error})` : ""}</p>
            ${
              current.report
                ? html`<p>${current.report.orphans.length} orphan(s), ${current.report.removed.length} removed, ${current.report.failed.length} failed</p>
                <ul>${current.report.orphans.map((orphan) => html`<li><code>${orphan.kind}</code> ${orphan.id} ${orphan.tenantId ?? ""}</li>`)}</ul>`
                : null
            }
          </div>`
          : null
      }
    </section>
  `;
}
