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

/**
 * Two rounds' CPU by label, side by side (`stack  floor  label`), labels in the stack's order then
 * any only the floor used, with the totals last; labels under 5 ms on both sides are left out.
 */
export function cpuTable(stack: readonly [string, number][], floor: readonly [string, number][]): string[] {
  const stackBy = new Map(stack);
  const floorBy = new Map(floor);
  const labels = [...new Set([...stackBy.keys(), ...floorBy.keys()])];
  const cell = (seconds: number) => `${seconds.toFixed(2).padStart(6)} s`;
  const total = (round: readonly [string, number][]) => round.reduce((sum, [, seconds]) => sum + seconds, 0);
  return [
    "  stack    floor",
    ...labels
      .filter((label) => (stackBy.get(label) ?? 0) >= 0.005 || (floorBy.get(label) ?? 0) >= 0.005)
      .map((label) => `${cell(stackBy.get(label) ?? 0)} ${cell(floorBy.get(label) ?? 0)}  ${label}`),
    `${cell(total(stack))} ${cell(total(floor))}  all`,
  ];
}
