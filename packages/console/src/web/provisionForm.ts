import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { type ApiClient, describeProblem } from "./apiClient.ts";
import type { Link } from "./apiTypes.ts";
import type { Session } from "./session.ts";

/** POST to the list's `provision` link; on 202 the new instance's page shows its saga live. */
export function ProvisionForm(props: { api: ApiClient; session: Session; link: Link }) {
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setProblem(undefined);
    try {
      const operation = await props.api.send<{ instanceId: string }>(props.link.method, props.link.href, {
        tenantId: String(form.get("tenantId") ?? "").trim(),
        environment: String(form.get("environment") ?? "").trim(),
      });
      location.hash = `#/instances/${encodeURIComponent(operation.instanceId)}`;
    } catch (error) {
      setProblem(describeProblem(error));
    } finally {
      setBusy(false);
    }
  };
  const disabled = !props.session.canOperate || busy;
  return html`
    <section class="panel" aria-labelledby="provision-title">
      <h2 id="provision-title">Provision an instance</h2>
      ${props.session.canOperate ? null : html`<p class="note">Viewers cannot provision.</p>`}
      <form class="inline" onSubmit=${onSubmit}>
        <label>Tenant id <input name="tenantId" required disabled=${disabled} /></label>
        <label>Environment <input name="environment" required value="dev" list="environments" disabled=${disabled} /></label>
        <button type="submit" disabled=${disabled}>Provision</button>
      </form>
      ${problem ? html`<p role="alert" class="error">${problem}</p>` : null}
    </section>
  `;
}
