import type { OnboardingOptions, OnboardingRun } from "./runOnboarding.ts";

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printReport(options: OnboardingOptions, run: OnboardingRun, real: { realSeconds: number; timers: number }): void {
  const { outcomes, startedAt, stats } = run;
  const ok = outcomes.filter((outcome) => outcome.ok);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const paths = ok.map((outcome) => outcome.endedAt - outcome.sentAt).sort((a, b) => a - b);
  const makespan = Math.max(...outcomes.map((outcome) => outcome.endedAt)) - startedAt;
  console.log(`bench/aws-sim: ${options.tenants} tenants sent over ${options.minutes} min (virtual), ${options.albs} ALBs`);
  console.log(`  real time ${real.realSeconds.toFixed(1)} s, ${real.timers} virtual timers`);
  console.log(`  makespan ${s(makespan)}; ACTIVE ${ok.length}, failed ${failed.length}, stuck ${run.stuck}, dead letters ${run.deadLetters}`);
  console.log(`  critical path p50 ${s(percentile(paths, 50))} p99 ${s(percentile(paths, 99))}`);
  const failures = new Map<string, number>();
  for (const outcome of failed) failures.set(outcome.failure ?? "?", (failures.get(outcome.failure ?? "?") ?? 0) + 1);
  console.log(`  failures ${JSON.stringify([...failures])}`);
  console.log(`  throttles ${JSON.stringify([...stats.throttles])}`);
  console.log(`  calls ${JSON.stringify([...stats.calls])}`);
}
