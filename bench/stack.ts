/**
 * bench/stack: the real local stack as `npm start` runs it (DynamoDB Local ledger, durable file
 * queues, cognito-local, the reverse proxy, real WordPress on php and MariaDB), in a fresh data
 * dir, driven only through the REST API with an operator token. Per tenant lifecycle (p50 of
 * --runs): POST → first 200 from the site, suspend → 503, resume → 200, backup, restore (→ 200),
 * DELETE → deprovisioned with every resource released; then --together tenants POSTed at once.
 * Beside each figure: the seed's target and the floor measured in the same run (the compute
 * provider alone, as bench:provision-local drives it). Each lifecycle run is the floor's tenant
 * then the stack's, and ten at once runs in --rounds rounds, each the floor's ten then the
 * stack's ten, reporting the round with the median ratio: the floor itself moves from one minute
 * to the next on this machine, so a pair taken side by side says more than a stack run against a
 * floor taken minutes earlier, on a machine without the stack. The median round's CPU by process
 * (php, node, java, ...) is printed beside its floor round's. Run as root (tenant uids).
 *
 *   npm run bench:stack                      # 5 runs, then 10 at once in 3 rounds
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
import { type FloorLifecycle, startProviderFloor } from "./stackFloor.ts";
import { createOperator } from "./stackOperator.ts";
import { cpuTable, formatReport, p50, SEED_TARGETS, seconds } from "./stackReport.ts";
import { idleCpu, type LifecycleRun, runLifecycle, runTogether } from "./stackScenarios.ts";
import { processTreeCpu } from "./support/processTreeCpu.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    together: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    steps: { type: "boolean", default: false },
    concurrency: { type: "string" },
  },
});
const runs = Number(values.runs);
const together = Number(values.together);
const rounds = Number(values.rounds);
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
  const floor = await startProviderFloor({
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

  say(
    `\n${runs} tenant lifecycles, one at a time, each the floor's (the compute provider alone) then the stack's (through the REST API)`,
  );
  const floorRuns: FloorLifecycle[] = [];
  const stackRuns: LifecycleRun[] = [];
  for (let run = 1; run <= runs; run++) {
    const floorRun = await floor.lifecycle();
    const stackRun = await runLifecycle(operator);
    floorRuns.push(floorRun);
    stackRuns.push(stackRun);
    say(
      `  run ${run}/${runs}: floor provision ${seconds(floorRun.one)}; the stack (${stackRun.tenantId}) ` +
        (["provision", "suspend", "resume", "backup", "restore", "deprovision"] as const)
          .map((step) => `${step} ${seconds(stackRun[step])}`)
          .join(", "),
    );
  }
  const stackP50 = (step: Exclude<keyof LifecycleRun, "tenantId">) => p50(stackRuns.map((run) => run[step]));
  const floorP50 = (step: keyof FloorLifecycle) => p50(floorRuns.map((run) => run[step]));
  say(`\nthe stack idle (what the floor's rounds share the cores with): ${await idleCpu(processTreeCpu)}`);
  say(
    `\n${together} tenants at once, ${rounds} rounds, each the floor's then the stack's (POSTed through the API)`,
  );
  const pairs: {
    floor: Awaited<ReturnType<typeof floor.together>>;
    stack: Awaited<ReturnType<typeof runTogether>>;
  }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const floorRound = await floor.together();
    const stackRound = await runTogether({ operator, count: together, say, cpu: processTreeCpu });
    pairs.push({ floor: floorRound, stack: stackRound });
    say(
      `  round ${round}: the stack ${seconds(stackRound.provision.all)}, the floor ${seconds(floorRound.lap.all)}: ` +
        `${(stackRound.provision.all / floorRound.lap.all).toFixed(2)}x`,
    );
  }
  const ratioOf = (pair: (typeof pairs)[number]) => pair.stack.provision.all / pair.floor.lap.all;
  // The middle round; of an even count, the worse of the two middle ones.
  const median = [...pairs].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(pairs.length / 2)];
  if (!median) throw new Error("--rounds must be at least 1");
  const ten = median.stack;

  say(
    `\nresults (p50 of ${runs} unless noted; ${together} at once: the round with the median ratio of ${rounds}; ` +
      "floor: the compute provider alone, this run)",
  );
  for (const line of formatReport([
    {
      what: "one tenant: POST → first 200",
      ms: stackP50("provision"),
      targetMs: SEED_TARGETS.provision,
      floorMs: floorP50("one"),
      goal: 1.3,
    },
    {
      what: `${together} at once: all 200`,
      ms: ten.provision.all,
      targetMs: SEED_TARGETS.provision,
      floorMs: median.floor.lap.all,
      goal: 1.2,
    },
    {
      what: `${together} at once: p50 of each`,
      ms: p50(ten.provision.each),
      targetMs: SEED_TARGETS.provision,
      floorMs: p50(median.floor.lap.each),
    },
    {
      what: "suspend → 503",
      ms: stackP50("suspend"),
      targetMs: SEED_TARGETS.suspend,
      floorMs: floorP50("suspend"),
    },
    {
      what: "resume → 200",
      ms: stackP50("resume"),
      targetMs: SEED_TARGETS.resume,
      floorMs: floorP50("resume"),
    },
    { what: "backup → completed", ms: stackP50("backup") },
    { what: "restore → completed, 200", ms: stackP50("restore") },
    { what: "deprovision → nothing left", ms: stackP50("deprovision"), targetMs: SEED_TARGETS.offboard },
    {
      what: `${together} deprovisioned at once: all`,
      ms: ten.deprovision.all,
      targetMs: SEED_TARGETS.offboard,
    },
  ]))
    say(`  ${line}`);
  say(`  ${together} at once, each POST → 200: ${ten.provision.each.map(seconds).join(", ")}`);
  say(
    `  ${together} at once, that round's CPU (this process and its children), the stack from the first POST to the ` +
      "last ACTIVE beside the floor to all healthy:",
  );
  for (const line of cpuTable(ten.cpu, median.floor.cpu)) say(`    ${line}`);
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
