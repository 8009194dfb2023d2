import type { z } from "zod";
import type { MetricSeriesSchema } from "./viewSchemas.ts";

export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

/**
 * A tenant's total: per series name, the values of every instance at the same timestamp
 * added up, timestamps in order. Every series is summed, Percent ones too (two instances at
 * 40% CPU give 80: a share of one instance's allowance), so the total reads as "how much of
 * one instance's worth the tenant uses". The unit is the first instance's for that name.
 */
export function sumSeries(perInstance: readonly (readonly MetricSeries[])[]): MetricSeries[] {
  const totals = new Map<string, { unit: string; points: Map<string, number> }>();
  for (const series of perInstance.flat()) {
    const total = totals.get(series.name) ?? { unit: series.unit, points: new Map<string, number>() };
    for (const point of series.points)
      total.points.set(point.timestamp, (total.points.get(point.timestamp) ?? 0) + point.value);
    totals.set(series.name, total);
  }
  return [...totals.entries()].map(([name, { unit, points }]) => ({
    name,
    unit,
    points: [...points.entries()]
      .sort(([a], [b]) => Date.parse(a) - Date.parse(b) || a.localeCompare(b))
      .map(([timestamp, value]) => ({ timestamp, value })),
  }));
}
