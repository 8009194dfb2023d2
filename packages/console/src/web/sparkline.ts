import { html } from "htm/preact";
import type { MetricSeries } from "./apiTypes.ts";

const WIDTH = 240;
const HEIGHT = 48;

/** A small line chart of one series, with its latest value in words for screen readers. */
export function Sparkline(props: { series: MetricSeries }) {
  const { name, unit, points } = props.series;
  const values = points.map((point) => point.value);
  const max = Math.max(1, ...values);
  const step = points.length > 1 ? WIDTH / (points.length - 1) : 0;
  const path = values
    .map(
      (value, index) =>
        `${index === 0 ? "M" : "L"}${(index * step).toFixed(1)},${(HEIGHT - (value / max) * HEIGHT).toFixed(1)}`,
    )
    .join(" ");
  const latest = values.length > 0 ? `${values[values.length - 1]?.toFixed(1)} ${unit}` : "no data";
  return html`
    <figure class="chart">
      <svg viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} width=${WIDTH} height=${HEIGHT} role="img" aria-label=${`${name}: latest ${latest}`}>
        <path d=${path || `M0,${HEIGHT} L${WIDTH},${HEIGHT}`} fill="none" stroke="currentColor" stroke-width="2" />
      </svg>
      <figcaption>${name}: ${latest}</figcaption>
    </figure>
  `;
}
