/**
 * bench/stack: the real local stack as `npm start` runs it (DynamoDB Local ledger, durable file
 * queues, cognito-local, the reverse proxy, real WordPress on php and MariaDB), in a fresh data
 * dir, driven only through the REST API with an operator token. Per tenant lifecycle (p50 of
 * --runs): POST → first 200 from the site, suspend → 503, resume → 200, backup, restore (→ 200),
 * DELETE → deprovisioned with every resource released; then --together tenants POSTed at once.
 * Beside each figure: the seed's target and the floor measured first in the same run (the
 * compute provider alone, as bench:provision-local drives it). Run as root (tenant uids).
 *
 *   npm run bench:stack                      # 5 runs, 10 at once
 *   npm run bench:stack -- --runs 3 --together 5 --steps   # --steps: print the saga's steps live
 *   npm run bench:stack -- --concurrency 1   # each consumer one message at a time (default: twice the cores)
 *
 * The stack's JSON log (info: every event handled, with its duration) and its step lines go to
 * $TMPDIR/bbws-bench-stack.log. Ctrl-C stops the stack and every php process it started.
 */
import { chmodSync, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { killLocalTenantGroups } from "@bbws/compute";
import { DEFAULT_CONSUMER_CONCURRENCY } from "@bbws/local-cloud";
import { createJsonLogger } from "@bbws/mesh";
import { freePort } from "../runtime/dynamoLocal.ts";
import { startLocalApi } from "../runtime/startLocalApi.ts";
import { startLocalStack } from "../runtime/startLocalStack.ts";
import { measureProviderFloor } from "./stackFloor.ts";
import { createOperator } from "./stackOperator.ts";
import { formatReport, p50, SEED_TARGETS, seconds } from "./stackReport.ts";
import { runLifecycles, runTogether } from "./stackScenarios.ts";
import { processTreeCpu } from "./support/processTreeCpu.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    together: { type: "string", default: "10" },
    steps: { type: "boolean", default: false },
    concurrency: { type: "string" },
  },
});
const runs = Number(values.runs);
const together = Number(values.together);
const say = (line: string) => console.log(line);
const logPath = join(tmpdir(), "bbws-bench-stack.log");
const log = createWriteStream(logPath);

// Cleanup steps, run last-first once, whatever ends the run: success, failure, Ctrl-C.
const cleanups: (() => Promise<void>)[] = [];
const tenantDirs: string[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () => {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse())
      await step().catch((error: unknown) => say(`cleanup step failed: ${String(error)}`));
  })();
  return cleaning;
};
/** Synchronous last resort: no php group of this run outlives the process. */
const killNow = () => {
  for (const dir of tenantDirs) killLocalTenantGroups(dir);
};
process.on("exit", killNow);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    if (cleaning) {
      killNow();
      process.exit(130);
    }
    say(`\n${signal}: stopping the stack and every php process of this run ...`);
    void cleanUp().finally(() => process.exit(130));
  });

try {
  say(
    `load average before: ${loadavg()
      .map((load) => load.toFixed(2))
      .join(" ")}`,
  );
  say(`stack log (JSON, every event handled with its duration): ${logPath}`);
  say(`\nfloor: the compute provider alone, ${runs} one at a time, then ${together} at once`);
  const floor = await measureProviderFloor({
    runs,
    together,
    say,
    onStart: ({ cleanup, dataDir }) => {
      tenantDirs.push(dataDir);
      cleanups.push(cleanup);
    },
  });

  say(
    `\nstarting the local stack (as npm start does) in a fresh data dir; consumers handle up to ${values.concurrency ?? DEFAULT_CONSUMER_CONCURRENCY} messages at once`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), "bbws-bench-stack-"));
  // Tenant uids must traverse the data dir to reach their content (mkdtemp makes it 0700).
  chmodSync(dataDir, 0o711);
  tenantDirs.push(dataDir);
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const proxyPort = await freePort();
  const logger = createJsonLogger({ level: "info", write: (line) => log.write(`${line}\n`) });
  const steps = (line: string) => {
    log.write(`${line}\n`);
    if (values.steps) say(line);
  };
  const stack = await startLocalStack({
    dataDir,
    proxyPort,
    logger,
    progress: steps,
    concurrency: values.concurrency === undefined ? DEFAULT_CONSUMER_CONCURRENCY : Number(values.concurrency),
  });
  cleanups.push(() => stack.stop());
  const api = await startLocalApi({ stack, port: await freePort(), logger });
  cleanups.push(() => api.server.close());
  const operator = createOperator({ apiUrl: api.server.url, token: api.operatorToken, proxyPort });

  say(`\n${runs} tenant lifecycles, one at a time, through the REST API`);
  const lifecycle = await runLifecycles({ operator, runs, say });
  say(`\n${together} tenants POSTed at once`);
  const ten = await runTogether({ operator, count: together, say, cpu: processTreeCpu });

  say(`\nresults (p50 of ${runs} unless noted; floor: the compute provider alone, this run)`);
  for (const line of formatReport([
    {
      what: "one tenant: POST → first 200",
      ms: p50(lifecycle.provision),
      targetMs: SEED_TARGETS.provision,
      floorMs: p50(floor.one),
      goal: 1.3,
    },
    {
      what: `${together} at once: all 200`,
      ms: ten.provision.all,
      targetMs: SEED_TARGETS.provision,
      floorMs: floor.ten.all,
      goal: 1.2,
    },
    {
      what: `${together} at once: p50 of each`,
      ms: p50(ten.provision.each),
      targetMs: SEED_TARGETS.provision,
      floorMs: p50(floor.ten.each),
    },
    {
      what: "suspend → 503",
      ms: p50(lifecycle.suspend),
      targetMs: SEED_TARGETS.suspend,
      floorMs: p50(floor.suspend),
    },
    {
      what: "resume → 200",
      ms: p50(lifecycle.resume),
      targetMs: SEED_TARGETS.resume,
      floorMs: p50(floor.resume),
    },
    { what: "backup → completed", ms: p50(lifecycle.backup) },
    { what: "restore → completed, 200", ms: p50(lifecycle.restore) },
    { what: "deprovision → nothing left", ms: p50(lifecycle.deprovision), targetMs: SEED_TARGETS.offboard },
    {
      what: `${together} deprovisioned at once: all`,
      ms: ten.deprovision.all,
      targetMs: SEED_TARGETS.offboard,
    },
  ]))
    say(`  ${line}`);
  say(`  ${together} at once, each POST → 200: ${ten.provision.each.map(seconds).join(", ")}`);
  say(`  ${together} at once, CPU from the first POST to the last ACTIVE (this process and its children):`);
  for (const [label, cpuSeconds] of ten.cpu) say(`    ${cpuSeconds.toFixed(2).padStart(6)} s  ${label}`);
} catch (error) {
  // After Ctrl-C the stack goes away under the scenario: that failure is no news.
  if (!cleaning)
    say(`bench:stack failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  say("\nstopping the stack");
  await cleanUp();
  log.end();
}
