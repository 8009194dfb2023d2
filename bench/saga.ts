/**
 * bench/saga: provision N instances through the local mesh (the real ledger, bus, queues
 * and service handlers) with zero-latency in-memory clouds, on two sets of stores, each in
 * its own child process so that each peak RSS is its own:
 * - memory: in-memory ledger, queues, archive, journal (targets: 1,000 within 30 s on a
 *   2-core machine, RSS under 300 MB);
 * - durable: what `npm start` uses: the ledger on DynamoDB Local, file-backed queues,
 *   archive and journal (targets of issue 17: ≥ 100 instances/s, < 400 MB with
 *   DynamoDB Local's java process counted).
 * Prints instances/s, p50/p99 saga latency and peak RSS of each, and durable / memory.
 *
 *   npm run bench:saga                      # 1,000 instances, both
 *   npm run bench:saga -- 200               # another count
 *   npm run bench:saga -- 1000 --durable    # one of them (or --memory)
 *   BENCH_LOG=1 npm run bench:saga          # with the mesh's warnings and errors on stderr
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { runSagas, type SagaFigures } from "./support/runSagas.ts";
import type { SagaMeshMode } from "./support/sagaMeshes.ts";

const count = Number(process.argv[2] ?? 1_000);
const childMode = process.argv.find((arg) => arg.startsWith("--run="))?.slice("--run=".length);

function measureInChild(mode: SagaMeshMode): Promise<SagaFigures> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, String(count), `--run=${mode}`], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let figures: SagaFigures | undefined;
    createInterface({ input: child.stdout! }).on("line", (line) => {
      figures = JSON.parse(line) as SagaFigures;
    });
    child.once("exit", (code) =>
      figures && code === 0
        ? resolve(figures)
        : reject(new Error(`bench/saga --run=${mode} exited with ${code}`)),
    );
  });
}

function print(mode: SagaMeshMode, figures: SagaFigures): void {
  const { seconds, perSecond, p50Seconds, p99Seconds, peakRssMb, dynamo } = figures;
  const stores =
    mode === "memory" ? "in-memory stores" : "DynamoDB Local ledger, file queues, archive and journal";
  console.log(`bench/saga ${mode}: ${count} instances through the local mesh (in-memory clouds; ${stores})`);
  console.log(`  total          ${seconds.toFixed(2)} s   throughput ${perSecond.toFixed(1)} instances/s`);
  console.log(
    `  saga latency   p50 ${p50Seconds.toFixed(2)} s   p99 ${p99Seconds.toFixed(2)} s   (all submitted at once)`,
  );
  if (mode === "memory") {
    const headroom = (30 * count) / 1000 / seconds;
    console.log(`  peak RSS       ${peakRssMb.toFixed(0)} MB`);
    console.log(
      `  targets        ≤ 30 s per 1,000: ${headroom.toFixed(2)}× headroom; < 300 MB: ${(300 / peakRssMb).toFixed(2)}× headroom`,
    );
    return;
  }
  const javaMb = dynamo?.javaPeakRssMb ?? null;
  const total = peakRssMb + (javaMb ?? 0);
  console.log(
    `  peak RSS       ${peakRssMb.toFixed(0)} MB node + ${javaMb?.toFixed(0) ?? "?"} MB DynamoDB Local (java, separate process) = ${total.toFixed(0)} MB`,
  );
  if (dynamo) {
    const { floor } = dynamo;
    console.log(
      `  ledger calls   ${dynamo.readsPerInstance.toFixed(1)} reads + ${dynamo.transactionsPerInstance.toFixed(1)} TransactWriteItems ` +
        `(${dynamo.transactionItemsPerInstance.toFixed(1)} items) per instance`,
    );
    const byCommand = Object.entries(dynamo.calls)
      .map(([name, calls]) => {
        const seconds = dynamo.callSeconds[name];
        return seconds === undefined ? `${name} ${calls}` : `${name} ${calls} (${seconds.toFixed(1)} s)`;
      })
      .join(", ");
    console.log(`  by command     ${byCommand} (s: send to answer, event-loop waits included)`);
    console.log(
      `  floor          DynamoDB Local alone, one call at a time: ${floor.getsPerSecond.toFixed(0)} GetItem/s, ` +
        `${floor.transactionsPerSecond.toFixed(0)} TransactWriteItems/s (6 puts) → ` +
        `${dynamo.sequentialCeiling.toFixed(1)} instances/s for the ledger's calls one at a time; measured ${(perSecond / dynamo.sequentialCeiling).toFixed(2)}× that`,
    );
  }
  console.log(
    `  goals          ≥ 100 instances/s: ${verdict(perSecond >= 100)} (${(perSecond / 100).toFixed(2)}×); ` +
      `< 400 MB: ${verdict(total < 400)} (${(400 / total).toFixed(2)}× headroom)`,
  );
}

const verdict = (met: boolean) => (met ? "meets" : "MISSES");

if (childMode === "memory" || childMode === "durable") {
  process.stdout.write(`${JSON.stringify(await runSagas(childMode, count))}\n`);
} else {
  const only = process.argv.includes("--durable")
    ? "durable"
    : process.argv.includes("--memory")
      ? "memory"
      : null;
  const modes: SagaMeshMode[] = only ? [only] : ["memory", "durable"];
  const results = new Map<SagaMeshMode, SagaFigures>();
  for (const mode of modes) {
    const figures = await measureInChild(mode);
    results.set(mode, figures);
    print(mode, figures);
  }
  const memory = results.get("memory");
  const durable = results.get("durable");
  if (memory && durable)
    console.log(
      `durable / memory: ${(durable.seconds / memory.seconds).toFixed(1)}× the time, ` +
        `${(durable.perSecond / memory.perSecond).toFixed(2)}× the throughput (measured in this run)`,
    );
}
