import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { type ApiClient, describeProblem } from "./apiClient.ts";
import type { Instance, Link } from "./apiTypes.ts";
import type { Session } from "./session.ts";

/** Actions that take a site down or overwrite data ask first. */
const DESTRUCTIVE = new Set(["suspend", "restore", "deprovision"]);

/**
 * One button per action link the API put on the instance (its `_links` with POST or DELETE):
 * which actions the state allows is the API's rule, not repeated here. Viewers see them
 * disabled. Each click sends one request with its own Idempotency-Key.
 */
export function ActionPanel(props: {
  api: ApiClient;
  session: Session;
  instance: Instance;
  onDone: () => void;
}) {
  const actions = Object.entries(props.instance._links).filter(([, link]) => link.method !== "GET");
  const [pending, setPending] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>(undefined);
  const run = async (rel: string, link: Link, body?: unknown) => {
    setPending(undefined);
    setMessage({ text: `${rel}: sending…`, error: false });
    try {
      const answer = await props.api.send<{ kind: string; status: string }>(link.method, link.href, body);
      setMessage({ text: `${rel} accepted: ${answer.kind} ${answer.status}`, error: false });
      props.onDone();
    } catch (error) {
      setMessage({ text: `${rel} refused: ${describeProblem(error)}`, error: true });
    }
  };
  return html`
    <section class="panel" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      ${props.session.canOperate ? null : html`<p class="note">You are a viewer: actions are disabled.</p>`}
      ${actions.length === 0 ? html`<p class="note">No action now (an operation is running, or none applies to this state).</p>` : null}
      <div class="actions">
        ${actions.map(
          ([rel, link]) => html`<${ActionControl}
            key=${rel}
            rel=${rel}
            instance=${props.instance}
            disabled=${!props.session.canOperate || (rel === "restore" && props.instance.backups.length === 0)}
            confirming=${pending === rel}
            onAsk=${() => (DESTRUCTIVE.has(rel) ? setPending(rel) : undefined)}
            onCancel=${() => setPending(undefined)}
            onRun=${(body?: unknown) => run(rel, link, body)}
          />`,
        )}
      </div>
      <p aria-live="polite" class=${message?.error ? "error" : "note"} data-testid="action-message">${message?.text ?? ""}</p>
    </section>
  `;
}

interface ControlProps {
  rel: string;
  instance: Instance;
  disabled: boolean;
  confirming: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onRun: (body?: unknown) => void;
}

function ActionControl(props: ControlProps) {
  const { rel } = props;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const body = bodyOf(rel, new FormData(event.currentTarget as HTMLFormElement));
    if (DESTRUCTIVE.has(rel) && !props.confirming) props.onAsk();
    else props.onRun(body);
  };
  return html`
    <form class="action" onSubmit=${onSubmit} aria-label=${rel}>
      <${ActionFields} rel=${rel} instance=${props.instance} disabled=${props.disabled} />
      ${
        props.confirming
          ? html`<span role="group" aria-label=${`Confirm ${rel}`} class="confirm">
            <button type="submit" class="danger" autofocus>Yes, ${rel}</button>
            <button type="button" onClick=${props.onCancel}>Cancel</button>
          </span>`
          : html`<button type="submit" disabled=${props.disabled} class=${DESTRUCTIVE.has(rel) ? "danger" : ""}>${rel}</button>`
      }
    </form>
  `;
}

function ActionFields(props: { rel: string; instance: Instance; disabled: boolean }) {
  const { rel, instance, disabled } = props;
  if (rel === "scale")
    return html`<label>Tasks <input name="desiredCount" type="number" min="0" required disabled=${disabled}
      value=${String(instance.spec.desiredCount ?? 1)} /></label>`;
  if (rel === "update")
    return html`<label>WordPress version <input name="wordpressVersion" required disabled=${disabled}
      value=${instance.spec.wordpressVersion ?? ""} /></label>`;
  if (rel === "restore")
    return html`<label>Backup <select name="backupId" required disabled=${disabled}>
      ${[...instance.backups].reverse().map((backup) => html`<option value=${backup.backupId}>${backup.backupId} (${backup.takenAt})</option>`)}
    </select></label>`;
  return null;
}

function bodyOf(rel: string, form: FormData): unknown {
  const field = (name: string) => String(form.get(name) ?? "");
  if (rel === "scale") return { desiredCount: Number(field("desiredCount")) };
  if (rel === "update") return { wordpressVersion: field("wordpressVersion") };
  if (rel === "restore") return { backupId: field("backupId") };
  return undefined;
}
