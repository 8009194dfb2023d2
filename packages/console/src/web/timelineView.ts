import { html } from "htm/preact";
import type { TimelineEntry } from "./apiTypes.ts";
import { duration } from "./format.ts";
import { buildTimeline, LANES, type TimelineStep } from "./timeline.ts";

/**
 * The saga: one lane per service, each event placed at its time since the first, with the time
 * since its cause; the critical path is marked (bold, "critical"), compensation is hatched and
 * labelled, failures show their code and reason. The same steps are listed in order below, so
 * nothing depends on reading the drawing.
 */
export function TimelineView(props: { entries: readonly TimelineEntry[] }) {
  const timeline = buildTimeline(props.entries);
  const span = Math.max(1, timeline.totalMs);
  return html`
    <section class="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Saga timeline <span class="muted">${duration(timeline.totalMs)}, ${timeline.steps.length} events</span></h2>
      <div class="lanes" aria-hidden="true">
        ${LANES.map(
          (lane) => html`<div class="lane">
            <span class="lane-name">${lane}</span>
            <div class="lane-track">
              ${timeline.steps
                .filter((step) => step.lane === lane)
                .map(
                  (
                    step,
                  ) => html`<span class=${stepClass(step)} title=${`${step.type} +${duration(step.offsetMs)}`}
                    data-left=${Math.round((step.offsetMs / span) * 100)}
                    ref=${(element: HTMLElement | null) => place(element, step.offsetMs / span)}></span>`,
                )}
            </div>
          </div>`,
        )}
      </div>
      <ol class="steps" data-testid="timeline">
        ${timeline.steps.map(
          (step) => html`<li key=${step.eventId} class=${stepClass(step)} data-type=${step.type}>
            <span class="step-at">+${duration(step.offsetMs)}</span>
            <span class="step-lane">${step.lane}</span>
            <span class="step-type">${step.type}</span>
            <span class="step-took">${step.durationMs > 0 ? `took ${duration(step.durationMs)}` : ""}</span>
            ${step.onCriticalPath ? html`<span class="tag tag-critical">critical path</span>` : null}
            ${step.compensation ? html`<span class="tag tag-compensation">compensation</span>` : null}
            ${step.failure ? html`<span class="tag tag-failure">${step.failure.code}: ${step.failure.reason}</span>` : null}
          </li>`,
        )}
      </ol>
    </section>
  `;
}

function stepClass(step: TimelineStep): string {
  return [
    "step",
    step.onCriticalPath ? "critical" : "",
    step.compensation ? "compensation" : "",
    step.failure ? "failed" : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** Positions through the CSSOM: the console's CSP allows no inline style attributes. */
function place(element: HTMLElement | null, fraction: number): void {
  if (element) element.style.left = `${(fraction * 100).toFixed(2)}%`;
}
