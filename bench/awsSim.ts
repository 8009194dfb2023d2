/**
 * bench/awsSim: 1,000 tenants onboarded against simulated AWS, in virtual time (issue 17).
 * The real ledger, deciders, handlers and AWS adapters run; the SDK clients are answered by
 * simulated services with published latencies and quotas (bench/awsSim/awsFigures.ts).
 *
 *   npm run bench:aws-sim                          # 1,000 tenants over 10 minutes
 *   npm run bench:aws-sim -- --tenants 5000 --minutes 50
 *   npm run bench:aws-sim -- --retry-ms 10000      # a failed record back after 10 s, not the visibility timeout
 *   npm run bench:aws-sim -- --concurrency identity=5   # a consumer's concurrency instead of its deployed one
 *   BENCH_LOG=1 npm run bench:aws-sim              # the mesh's warnings on stderr
 */
import { printReport } from "./awsSim/report.ts";
import { runOnboarding } from "./awsSim/runOnboarding.ts";
import { installVirtualTime } from "./awsSim/virtualTime.ts";

const option = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : undefined;
};
const tenants = option("tenants") ?? 1_000;
const minutes = option("minutes") ?? 10;
const retryMs = option("retry-ms");
const albs = option("albs") ?? Math.ceil(tenants / 100);
const concurrency = Object.fromEntries(
  process.argv.flatMap((arg, index) =>
    process.argv[index - 1] === "--concurrency" ? [[arg.split("=")[0], Number(arg.split("=")[1])]] : [],
  ),
);
const options = {
  tenants,
  minutes,
  albs,
  seed: option("seed") ?? 17,
  concurrency,
  ...(retryMs ? { retryMs } : {}),
};

const realStart = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
const time = installVirtualTime();
let report: () => void;
try {
  // The floor: one tenant alone on a fresh simulated cloud, failed records back at once.
  const floor = await time.run(
    runOnboarding({
      ...options,
      tenants: 1,
      minutes: 0,
      retryMs: 100,
      maxReceiveCount: 10_000,
      meanFargate: true,
    }),
  );
  const run = await time.run(runOnboarding(options));
  const timers = time.firedTimers();
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const realSeconds = Number(process.hrtime.bigint() - realStart) / 1e9;
  report = () => printReport(options, run, floor, { realSeconds, cpuSeconds, timers });
} finally {
  time.uninstall();
}
report();
