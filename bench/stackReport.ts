/** Times of several runs done together: each one's, and until the last was done. */
export interface Lap {
  readonly each: readonly number[];
  readonly all: number;
}

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export const p50 = (values: readonly number[]) => percentile(values, 50);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

const MINUTE = 60_000;
/** The seed's deadlines per operation (an operation past it is STUCK). */
export const SEED_TARGETS = {
  provision: 15 * MINUTE,
  suspend: 2 * MINUTE,
  resume: 5 * MINUTE,
  offboard: 10 * MINUTE,
} as const;

export interface ReportRow {
  readonly what: string;
  readonly ms: number;
  readonly targetMs?: number;
  readonly floorMs?: number;
  /** The ratio to the floor this row must stay within (the goal). */
  readonly goal?: number;
}

/** One aligned table: figure, the seed's target, the provider floor and the ratio to it. */
export function formatReport(rows: readonly ReportRow[]): string[] {
  const header = `${"".padEnd(38)} ${"figure".padStart(9)}  ${"target".padEnd(9)} ${"floor".padStart(9)}  ratio`;
  return [
    header,
    ...rows.map((row) => {
      const target = row.targetMs === undefined ? "-" : `< ${row.targetMs / MINUTE} min`;
      const floor = row.floorMs === undefined ? "-" : seconds(row.floorMs);
      return `${row.what.padEnd(38)} ${seconds(row.ms).padStart(9)}  ${target.padEnd(9)} ${floor.padStart(9)}  ${ratio(row)}`;
    }),
  ];
}

function ratio(row: ReportRow): string {
  if (row.floorMs === undefined) return "-";
  const value = row.ms / row.floorMs;
  const goal =
    row.goal === undefined ? "" : ` (goal <= ${row.goal}x: ${value <= row.goal ? "MET" : "MISSED"})`;
  return `${value.toFixed(2)}x${goal}`;
}
