import { html } from "htm/preact";
import type { ApiClient } from "./apiClient.ts";
import type { DeadLetterQueue } from "./apiTypes.ts";
import { OrphansPanel } from "./orphansPanel.ts";
import { ReplayPanel } from "./replayPanel.ts";
import type { Session } from "./session.ts";
import { useAction } from "./useAction.ts";
import { usePolling } from "./usePolling.ts";

/** Dead-letter queues with their messages and redrive, the orphan scan and cleanup, replays. */
export function RecoveryPage(props: { api: ApiClient; session: Session }) {
  return html`
    <h1>Recovery</h1>
    ${
      props.session.canOperate
        ? null
        : html`<p class="note">Recovery is for platform operators: the API refuses these reads to viewers.</p>`
    }
    <${DeadLetters} api=${props.api} session=${props.session} />
    <${OrphansPanel} api=${props.api} session=${props.session} />
    <${ReplayPanel} api=${props.api} session=${props.session} />
  `;
}

function DeadLetters(props: { api: ApiClient; session: Session }) {
  const dlq = usePolling(() => props.api.get<{ queues: DeadLetterQueue[] }>("/v1.0/dlq"), 2000, "dlq");
  const redrive = useAction(props.api, dlq.refresh);
  return html`
    <section class="panel" aria-labelledby="dlq-title">
      <h2 id="dlq-title">Dead-letter queues</h2>
      ${dlq.error ? html`<p role="alert" class="error">${dlq.error}</p>` : null}
      ${(dlq.data?.queues ?? []).map(
        (queue) => html`<div class="dlq" key=${queue.consumer} data-consumer=${queue.consumer}>
          <h3>${queue.consumer} <span class="muted">${queue.approximateCount} message(s)</span></h3>
          ${
            queue.messages.length > 0
              ? html`<ul class="messages">${queue.messages.map(
                  (message) => html`<li key=${message.messageId}>
                  <code>${message.detailType ?? "message"}</code> ${message.tenantId ?? ""}
                  ${message.receiveCount !== undefined ? ` · received ${message.receiveCount}×` : ""}
                  <pre>${message.bodyExcerpt}</pre></li>`,
                )}</ul>`
              : null
          }
          <button type="button" disabled=${!props.session.canOperate || queue.approximateCount === 0}
            onClick=${() => redrive.run(`redrive ${queue.consumer}`, "POST", "/v1.0/dlq/redrive", { consumer: queue.consumer })}>
            Redrive ${queue.consumer}</button>
        </div>`,
      )}
      <p aria-live="polite" class=${redrive.message?.error ? "error" : "note"} data-testid="dlq-message">${redrive.message?.text ?? ""}</p>
    </section>
  `;
}
