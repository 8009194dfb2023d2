import { html } from "htm/preact";
import type { ApiClient } from "./apiClient.ts";
import type { Session } from "./session.ts";
import { useAction } from "./useAction.ts";

/** POST /v1.0/replays: re-publish a window of the archive, optionally one instance's events. */
export function ReplayPanel(props: { api: ApiClient; session: Session }) {
  const replay = useAction(props.api, () => undefined);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const instant = (name: string) => new Date(String(form.get(name))).toISOString();
    const instanceId = String(form.get("instanceId") ?? "").trim();
    replay.run("replay", "POST", "/v1.0/replays", {
      from: instant("from"),
      to: instant("to"),
      ...(instanceId ? { instanceId } : {}),
    });
  };
  const disabled = !props.session.canOperate;
  const result = replay.result as
    | { replayName?: string; state?: string; eventsReplayed?: number }
    | undefined;
  return html`
    <section class="panel" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay a window</h2>
      <form class="inline" onSubmit=${onSubmit}>
        <label>From (local time) <input name="from" type="datetime-local" step="1" required disabled=${disabled} /></label>
        <label>To (local time) <input name="to" type="datetime-local" step="1" required disabled=${disabled} /></label>
        <label>Instance id (optional) <input name="instanceId" disabled=${disabled} /></label>
        <button type="submit" disabled=${disabled}>Replay</button>
      </form>
      <p aria-live="polite" class=${replay.message?.error ? "error" : "note"}>${replay.message?.text ?? ""}</p>
      ${
        result?.replayName
          ? html`<p data-testid="replay">${result.replayName}: ${result.state}${result.eventsReplayed !== undefined ? `, ${result.eventsReplayed} events` : ""}</p>`
          : null
      }
    </section>
  `;
}
