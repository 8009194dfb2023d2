import { AWS_FIGURES as F, FARGATE_MIDDLE_MS, fargateStartToHealthyMs } from "./awsFigures.ts";
import { LIMITS } from "./limits.ts";
import { aboveOwnFloorMs, type FargateDraws, floorOf } from "./ownFloor.ts";
import type { OnboardingOptions, OnboardingRun } from "./runOnboarding.ts";

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** `+ 1.2 s` / `− 1.2 s`: a figure above or below a floor. */
const signed = (ms: number) => `${ms < 0 ? "−" : "+"} ${s(Math.abs(ms))}`;
const verdict = (met: boolean) => (met ? "MET" : "MISSED");

/** The AWS-side rate limits along the path: the bucket's rate for each api the run drew from. */
const RATES: Record<string, number> = {
  "Cognito writes": F.cognitoWritesPerSecond.value,
  "Cognito reads": F.cognitoReadsPerSecond.value,
  "ECS reads": F.ecsReadsPerSecond.value,
  "ECS writes": F.ecsWritesPerSecond.value,
  "ELBv2 Describe*": F.elbDescribePerSecond.value,
  "ELBv2 mutating": F.elbMutatePerSecond.value,
  "ELBv2 Modify*": F.elbModifyPerSecond.value,
  "Route 53": F.route53PerSecond.value,
  "IAM writes": F.iamWritesPerSecond.value,
  EFS: F.efsPerSecond.value,
  "Secrets Manager writes": F.secretsWritesPerSecond.value,
  "Secrets Manager reads": F.secretsReadsPerSecond.value,
  "Logs CreateLogGroup": F.logsPerSecond.value,
  "Logs PutRetentionPolicy": F.logsPerSecond.value,
};

export function printReport(
  options: OnboardingOptions,
  run: OnboardingRun,
  floor: OnboardingRun,
  real: { realSeconds: number; cpuSeconds: number; timers: number },
): void {
  const { outcomes, startedAt, stats } = run;
  const n = options.tenants;
  const ok = outcomes.filter((outcome) => outcome.ok);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const paths = ok.map((outcome) => outcome.endedAt - outcome.sentAt).sort((a, b) => a - b);
  const makespan = Math.max(...outcomes.map((outcome) => outcome.endedAt)) - startedAt;
  const alone = floor.outcomes[0];
  if (!alone?.ok)
    throw new Error(`the floor's lone tenant did not become ACTIVE: ${alone?.failure ?? "no outcome"}`);
  const floorMs = alone.endedAt - alone.sentAt;
  const drawsOf = (source: OnboardingRun, tenantId: string): FargateDraws => {
    const draws = source.fargateDraws(tenantId);
    if (!draws) throw new Error(`no Fargate task was launched for ${tenantId}, yet it became ACTIVE`);
    return draws;
  };
  const ownFloor = floorOf(floorMs, drawsOf(floor, alone.tenantId));
  // Each tenant against its own floor: the lone floor with its Fargate part from the tenant's own draws.
  const above = ok
    .map((outcome) =>
      aboveOwnFloorMs(outcome.endedAt - outcome.sentAt, ownFloor, drawsOf(run, outcome.tenantId)),
    )
    .sort((a, b) => a - b);
  const relaunched = ok.filter((outcome) => {
    const draws = drawsOf(run, outcome.tenantId);
    return draws.install.length > 1 || draws.service.length > 1;
  }).length;
  // The later of two tasks in the same 60–90 s range moves by at most one task's half-range.
  const spreadMs = FARGATE_MIDDLE_MS - fargateStartToHealthyMs(0);
  console.log(
    `bench/aws-sim: ${n} tenants, TenantCreated sent evenly over ${options.minutes} min, ${options.albs} ALBs (virtual time: ${real.realSeconds.toFixed(1)} s real, ${real.cpuSeconds.toFixed(1)} s CPU, ${real.timers} timers)`,
  );
  console.log(
    `  outcome         ACTIVE ${ok.length}, failed ${failed.length}, stuck ${run.stuck}, dead letters ${run.deadLetters}`,
  );
  console.log(`  makespan        ${s(makespan)} (first TenantCreated → last InstanceActivated)`);
  console.log(
    `  floor           ${s(floorMs)}: one tenant alone, nothing queued, re-polled at once, both Fargate tasks at the middle of 60–90 s`,
  );
  console.log(
    `                  (= the slowest parallel step + the later of the install task's exit and the service task's health, both launched at once, + the event hops; a tenant's own draws move it by up to ±${s(spreadMs)})`,
  );
  const p50 = percentile(paths, 50);
  const p99 = percentile(paths, 99);
  console.log(
    `  critical path   p50 ${s(p50)} (floor + ${s(p50 - floorMs)})   p99 ${s(p99)} (floor + ${s(p99 - floorMs)})`,
  );
  const ownP50 = percentile(above, 50);
  const ownP99 = percentile(above, 99);
  console.log(
    `                  above its own floor (the floor's Fargate part from the tenant's own two draws): p50 ${signed(ownP50)}   p99 ${signed(ownP99)}   max ${signed(above.at(-1) ?? Number.NaN)}`,
  );
  console.log(
    `                  (${relaunched} tenants launched a task more than once: their first tasks are counted)`,
  );
  // The quota bound: per rate-limited api, tenants/s = its rate / the calls one tenant made to it.
  const bounds = [...stats.admitted]
    .filter(([api]) => RATES[api] !== undefined)
    .map(([api, calls]) => ({
      api,
      perTenant: calls / n,
      tenantsPerSecond: (RATES[api] ?? 0) / (calls / n),
    }));
  bounds.push({
    api: "Fargate task launches",
    perTenant: 2,
    tenantsPerSecond: F.fargateLaunchRate.value / 2,
  });
  bounds.sort((a, b) => a.tenantsPerSecond - b.tenantsPerSecond);
  const tightest = bounds[0];
  const arrival = n / (options.minutes * 60);
  const limit = Math.min(arrival, tightest?.tenantsPerSecond ?? arrival);
  const achieved = n / ((makespan - floorMs) / 1000);
  console.log(
    `  quota bound     tightest: ${tightest?.api} ${RATES[tightest?.api ?? ""] ?? F.fargateLaunchRate.value}/s ÷ ${tightest?.perTenant.toFixed(1)} calls per tenant = ${tightest?.tenantsPerSecond.toFixed(2)} tenants/s; arrivals ${arrival.toFixed(2)} tenants/s`,
  );
  for (const bound of bounds.slice(1, 4))
    console.log(
      `                  then ${bound.api}: ${bound.perTenant.toFixed(1)} calls per tenant → ${bound.tenantsPerSecond.toFixed(2)} tenants/s`,
    );
  console.log(
    `  throughput      ${achieved.toFixed(2)} tenants/s (tenants ÷ (makespan − floor)) = ${((100 * achieved) / limit).toFixed(0)}% of the bound ${limit.toFixed(2)} tenants/s`,
  );
  const queues = [...run.peakQueue].map(([consumer, peak]) => `${consumer} ${peak}`).join(", ");
  console.log(`  queues          peak messages waiting: ${queues}`);
  const throttles = [...stats.throttles].map(([api, count]) => `${api} ${count}`).join(", ") || "none";
  console.log(`  throttles       ${throttles} (each retried by the SDK in virtual time)`);
  const failures = new Map<string, number>();
  for (const outcome of failed)
    failures.set(outcome.failure ?? "?", (failures.get(outcome.failure ?? "?") ?? 0) + 1);
  const throttled = [...failures]
    .filter(([code]) => /THROTTL/.test(code))
    .reduce((sum, [, count]) => sum + count, 0);
  console.log(
    `  failures        ${[...failures].map(([code, count]) => `${code} ${count}`).join(", ") || "none"}; from throttling: ${throttled}`,
  );
  console.log("  limits          quota | per tenant | at 1,000 | at 5,000 | how the repo answers");
  for (const row of LIMITS)
    console.log(
      `    ${row.limit} (${row.quota}) | ${row.perTenant} | ${row.at(1_000)} | ${row.at(5_000)} | ${row.handling}`,
    );
  console.log("  goals");
  console.log(
    `    critical path ≤ floor + 5 s: ${verdict(ownP99 <= 5_000)} (p99 own floor ${signed(ownP99)}, p50 ${signed(ownP50)}; against the lone floor: p50 floor + ${s(p50 - floorMs)}, p99 floor + ${s(p99 - floorMs)})`,
  );
  console.log(
    `    throughput ≥ 90% of the quota bound: ${verdict(achieved >= 0.9 * limit)} (${((100 * achieved) / limit).toFixed(0)}%)`,
  );
  console.log(
    `    zero failures from throttling: ${verdict(throttled === 0 && run.stuck === 0)} (${throttled} failed, ${run.stuck} stuck)`,
  );
  if (process.env.BENCH_CALLS) console.log(`  calls ${JSON.stringify([...stats.calls])}`);
}
