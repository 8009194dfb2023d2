/**
 * bench/provisionLocal: the local compute adapter provisioning real WordPress
 * sites (php -S per tenant as its own uid, MariaDB on 127.0.0.1:3306). Times
 * from ComputeRequested to the first healthy answer (health path and front page
 * 200), for one tenant (10 runs) and for 10 tenants at once, and the memory of
 * each tenant's process group (PSS from /proc/<pid>/smaps_rollup, summed).
 * Targets: p50 < 2 s for one, all of ten < 10 s. Run as root (tenant uids).
 *
 *   npm run bench:provision-local
 */

import { loadavg } from "node:os";
import { createLocalComputeProvider, type LocalComputeProvider } from "@bbws/compute";
import { createLocalComputeFixture } from "../packages/compute/src/adapters/local/localComputeFixture.ts";
import { computeOperations } from "../packages/compute/src/testing/computeDriver.ts";

const RUNS = 10;
const CONCURRENT = 10;

const fixture = await createLocalComputeFixture({ portRange: { from: 22_000, to: 22_099 } });
const provider = createLocalComputeProvider(fixture.options);

/** Through compute's decider, health polled every 25 ms. */
const operations = computeOperations(provider, () => new Promise((resolve) => setTimeout(resolve, 25)));

/** ms from ComputeRequested to the first healthy answer, and the group's PSS (KiB) once healthy. */
async function provisionOne(
  tenant: Awaited<ReturnType<typeof fixture.newTenant>>,
  target: LocalComputeProvider,
) {
  const started = performance.now();
  await operations.ensure(tenant.instance, tenant.request);
  return { ms: performance.now() - started, pssKiB: target.memoryKiB(tenant.instance) };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

console.log(
  `load average before: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(" ")} (2 cores: figures scale with it)`,
);
try {
  const single: { ms: number; pssKiB: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const tenant = await fixture.newTenant();
    single.push(await provisionOne(tenant, provider));
    await operations.release(tenant.instance);
  }
  const tenants = await Promise.all(Array.from({ length: CONCURRENT }, () => fixture.newTenant()));
  const concurrentStart = performance.now();
  const together = await Promise.all(tenants.map((tenant) => provisionOne(tenant, provider)));
  const allTen = performance.now() - concurrentStart;
  const pssTogether = tenants.map((tenant) => provider.memoryKiB(tenant.instance));

  const singleMs = single.map((run) => run.ms);
  const togetherMs = together.map((run) => run.ms);
  console.log(
    `one tenant, ${RUNS} runs: p50 ${seconds(percentile(singleMs, 50))}, max ${seconds(Math.max(...singleMs))}`,
  );
  console.log(
    `${CONCURRENT} at once: p50 ${seconds(percentile(togetherMs, 50))}, max ${seconds(Math.max(...togetherMs))}, all done in ${seconds(allTen)}`,
  );
  console.log(
    `memory per tenant (PSS of the group, 2 workers): just healthy p50 ${mib(
      percentile(
        single.map((run) => run.pssKiB),
        50,
      ),
    )}; ` +
      `with ${CONCURRENT} running p50 ${mib(percentile(pssTogether, 50))}, max ${mib(Math.max(...pssTogether))}`,
  );
  const singleOk = percentile(singleMs, 50) < 2_000;
  const togetherOk = allTen < 10_000;
  console.log(
    `targets: one p50 < 2 s ${singleOk ? "MET" : "MISSED"}; all ten < 10 s ${togetherOk ? "MET" : "MISSED"}`,
  );
} finally {
  await provider.stopAll();
  await fixture.dispose();
}
