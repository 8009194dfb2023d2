/**
 * bench/api: the REST API over HTTP (the local adapter in front of the middy handler)
 * with the real ledger service on its in-memory store, against a trivial node:http
 * server (bench/support/trivialServer.ts) answering the same bytes, measured in the same
 * run. autocannon, 200 connections, each scenario for 10 s: GET one instance (three rounds,
 * alternating with the trivial server's; the medians and the median ratio), list 100 (beside
 * the trivial server), POST (provision) with fresh Idempotency-Keys.
 * Goals (issue 17): GET one p99 ≤ 1.3× the trivial server's; list of 100 p99 < 100 ms.
 *
 *   npm run bench:api             # 10 s per scenario
 *   npm run bench:api -- 3        # another duration
 *   npm run bench:api -- 10 50    # and another number of connections
 *
 * Both servers run in child processes so that autocannon does not share their event loop, and
 * both get the same requests (the bearer token too, which the trivial server ignores).
 */
import type { ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalApiHandler, createLocalIssuer, startLocalApiServer } from "@bbws/api";
import { createLedgerService, createMemoryLedgerStore } from "@bbws/ledger";
import { silentLogger } from "@bbws/mesh";
import autocannon from "autocannon";
import { startChildServer, stopChild } from "./support/childServer.ts";
import { cpuSecondsOf } from "./support/procStats.ts";

const CONNECTIONS = Number(process.argv[3] ?? 200);
const GET_ONE_RATIO_GOAL = 1.3;
const GET_ONE_ROUNDS = 3;
const LIST_P99_GOAL_MS = 100;
const WORDPRESS = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };

async function serve(): Promise<void> {
  const store = createMemoryLedgerStore();
  const ledger = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: { wordpress: WORDPRESS, baseDomain: "sites.example.com" },
  });
  const dataDir = await mkdtemp(join(tmpdir(), "bbws-bench-api-"));
  const issuer = await createLocalIssuer({ dataDir });
  const handler = createLocalApiHandler({
    ledger,
    store,
    issuer,
    defaults: {
      wordpress: WORDPRESS,
      baseDomain: "sites.example.com",
      imageTemplate: "wordpress:{version}-php8.2-apache",
    },
    logger: silentLogger,
    // One benchmark caller: a per-caller limit would measure 429s.
    rateLimit: { ratePerSecond: 1e9, burst: 1e9 },
  });
  const server = await startLocalApiServer({ handler, logger: silentLogger });
  process.once("SIGTERM", async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  const token = await issuer.mintToken({ groups: ["platform-operators"], username: "bench" });
  process.stdout.write(`${JSON.stringify({ url: server.url, token })}\n`);
}

let tenantCounter = 0;
// Decimal digits only: base-36 counters spell "aws" sooner or later, which tenantIds forbid.
const freshTenant = () => `b${process.pid}x${tenantCounter++}`;

async function provision(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/v1.0/instances`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "idempotency-key": randomUUID(),
    },
    body: JSON.stringify({ tenantId: freshTenant(), environment: "dev" }),
  });
  if (response.status !== 202) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { instanceId: string }).instanceId;
}

async function bodyOf(url: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return response.text();
}

interface Figures {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** The server's CPU time per answer (µs), null where /proc is missing. */
  readonly cpuMicros: number | null;
  readonly failures: number;
}

/** A 1 s warm-up, then the measured run, with the server's CPU time over it. */
async function run(
  name: string,
  server: ChildProcess,
  seconds: number,
  options: Partial<autocannon.Options>,
): Promise<Figures> {
  const settings = { connections: CONNECTIONS, ...options } as autocannon.Options;
  await autocannon({ ...settings, duration: 1 });
  const cpuBefore = await cpuSecondsOf(server.pid);
  const result = await autocannon({ ...settings, duration: seconds });
  const cpuAfter = await cpuSecondsOf(server.pid);
  const { p50, p99 } = result.latency;
  const rps = Math.round(result.requests.average);
  const answers = result["2xx"] + result.non2xx;
  const cpuMicros =
    cpuBefore === null || cpuAfter === null || answers === 0
      ? null
      : Math.round(((cpuAfter - cpuBefore) * 1e6) / answers);
  process.stdout.write(
    `${name.padEnd(30)} ${String(rps).padStart(6)} rps  p50 ${String(p50).padStart(4)} ms  p99 ${String(p99).padStart(4)} ms  ` +
      `server CPU ${cpuMicros ?? "?"} µs/answer  non-2xx ${result.non2xx}${otherStatuses(result)}  errors ${result.errors + result.timeouts}\n`,
  );
  return { rps, p50, p99, cpuMicros, failures: result.non2xx + result.errors + result.timeouts };
}

/** Which statuses the non-2xx answers had, e.g. ` (409 x1)`. */
function otherStatuses(result: autocannon.Result): string {
  const stats = (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const others = Object.entries(stats).filter(([status]) => !status.startsWith("2"));
  return others.length ? ` (${others.map(([status, { count }]) => `${status} x${count}`).join(", ")})` : "";
}

function ratioLine(api: Figures, floor: Figures, goal: string): string {
  const ratio = (a: number | null, b: number | null) =>
    a === null || b === null ? "?" : b > 0 ? (a / b).toFixed(2) : "∞";
  return (
    `  → API / trivial: p99 ${ratio(api.p99, floor.p99)}×, p50 ${ratio(api.p50, floor.p50)}×, ` +
    `rps ${ratio(api.rps, floor.rps)}×, CPU per answer ${ratio(api.cpuMicros, floor.cpuMicros)}×   ${goal}\n`
  );
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const children: ChildProcess[] = [];
  const scratch = await mkdtemp(join(tmpdir(), "bbws-bench-trivial-"));
  try {
    const api = await startChildServer<{ url: string; token: string }>(fileURLToPath(import.meta.url), [
      "--serve",
    ]);
    children.push(api.child);
    const { url, token } = api;
    const ids: string[] = [];
    for (let index = 0; index < 100; index += 1) ids.push(await provision(url, token));
    const headers = { authorization: `Bearer ${token}` };
    const onePath = `/v1.0/instances/${ids[0]}`;
    const listPath = "/v1.0/instances?pageSize=100";
    const bodiesFile = join(scratch, "bodies.json");
    const oneBody = await bodyOf(`${url}${onePath}`, headers);
    const list = await bodyOf(`${url}${listPath}`, headers);
    await writeFile(bodiesFile, JSON.stringify({ [onePath]: oneBody, [listPath]: list }));
    const trivial = await startChildServer<{ url: string }>(
      fileURLToPath(new URL("./support/trivialServer.ts", import.meta.url)),
      [bodiesFile],
    );
    children.push(trivial.child);
    process.stdout.write(
      `bench/api: ${CONNECTIONS} connections, ${seconds} s per scenario (each after 1 s of warm-up), API ${url}, trivial ${trivial.url}\n` +
        `  bodies: GET one ${Buffer.byteLength(oneBody)} B, list of 100 ${Buffer.byteLength(list)} B\n`,
    );
    const one = await compareGetOne(
      { server: trivial.child, url: `${trivial.url}${onePath}`, headers },
      { server: api.child, url: `${url}${onePath}`, headers },
      seconds,
    );
    const floorList = await run("trivial server, same bytes", trivial.child, seconds, {
      url: `${trivial.url}${listPath}`,
      headers,
    });
    const getList = await run("GET list of 100", api.child, seconds, { url: `${url}${listPath}`, headers });
    process.stdout.write(
      ratioLine(
        getList,
        floorList,
        goalVerdict(getList.p99 < LIST_P99_GOAL_MS, `p99 < ${LIST_P99_GOAL_MS} ms`),
      ),
    );
    const post = await run("POST provision (fresh key)", api.child, seconds, {
      url: `${url}/v1.0/instances`,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            headers: { ...headers, "content-type": "application/json", "idempotency-key": randomUUID() },
            body: JSON.stringify({ tenantId: freshTenant(), environment: "dev" }),
          }),
        },
      ],
    });
    const failures = [...one.trivial, ...one.api, floorList, getList, post].reduce(
      (sum, f) => sum + f.failures,
      0,
    );
    if (failures > 0) process.exitCode = 1;
    process.stdout.write(
      "goals (issue 17):\n" +
        goalLine(
          one.p99Ratio <= GET_ONE_RATIO_GOAL,
          `GET one p99 ≤ ${GET_ONE_RATIO_GOAL}× trivial`,
          `${one.p99Ratio.toFixed(2)}× (median of ${GET_ONE_ROUNDS} alternating rounds; p99 ${median(one.api.map((f) => f.p99))} vs ` +
            `${median(one.trivial.map((f) => f.p99))} ms; CPU per answer ${one.cpuText})`,
        ) +
        goalLine(
          getList.p99 < LIST_P99_GOAL_MS,
          `list of 100 p99 < ${LIST_P99_GOAL_MS} ms`,
          `${getList.p99} ms (trivial ${floorList.p99} ms: ${ratioOf(getList.p99, floorList.p99)}×; CPU per answer ` +
            `${getList.cpuMicros ?? "?"} vs ${floorList.cpuMicros ?? "?"} µs; ${Math.round(Buffer.byteLength(list) / 100)} B per item)`,
        ),
    );
  } finally {
    await Promise.all(children.map(stopChild));
    await rm(scratch, { recursive: true, force: true });
  }
}

interface Target {
  readonly server: ChildProcess;
  readonly url: string;
  readonly headers?: Record<string, string>;
}

interface Comparison {
  readonly trivial: readonly Figures[];
  readonly api: readonly Figures[];
  /** The median over rounds of each round's API p99 / the trivial p99 of the round before it. */
  readonly p99Ratio: number;
  readonly cpuText: string;
}

/**
 * GET one beside the trivial server, round after round (trivial, API, trivial, API, ...): at
 * 200 connections a p99 is mostly queueing and the machine's other work, so one round each
 * says little; the medians of several alternating rounds say what is the server's.
 */
async function compareGetOne(floor: Target, api: Target, seconds: number): Promise<Comparison> {
  const trivial: Figures[] = [];
  const answers: Figures[] = [];
  for (let round = 1; round <= GET_ONE_ROUNDS; round += 1) {
    trivial.push(await run(`trivial server, same bytes #${round}`, floor.server, seconds, optionsOf(floor)));
    answers.push(await run(`GET one instance #${round}`, api.server, seconds, optionsOf(api)));
  }
  const ratios = (pick: (f: Figures) => number | null) =>
    answers.map((a, index) => {
      const mine = pick(a);
      const theirs = pick(trivial[index] as Figures);
      return mine === null || theirs === null || theirs === 0 ? null : mine / theirs;
    });
  const p99Ratios = ratios((f) => f.p99).map((r) => r ?? Number.POSITIVE_INFINITY);
  const cpuRatios = ratios((f) => f.cpuMicros).filter((r): r is number => r !== null);
  const cpu = (list: readonly Figures[]) =>
    list.map((f) => f.cpuMicros).filter((c): c is number => c !== null);
  const cpuText = cpuRatios.length
    ? `${median(cpu(answers))} vs ${median(cpu(trivial))} µs, median ratio ${median(cpuRatios).toFixed(2)}×`
    : "?";
  const p99Ratio = median(p99Ratios);
  const list = (values: readonly number[]) => values.map((v) => v.toFixed(2)).join(" / ");
  process.stdout.write(
    `  → GET one, median of ${GET_ONE_ROUNDS} alternating rounds: p99 ${median(answers.map((f) => f.p99))} vs ` +
      `${median(trivial.map((f) => f.p99))} ms, ratio ${p99Ratio.toFixed(2)}× (rounds ${list(p99Ratios)}); ` +
      `rps ${median(answers.map((f) => f.rps))} vs ${median(trivial.map((f) => f.rps))}; CPU per answer ${cpuText}   ` +
      `${goalVerdict(p99Ratio <= GET_ONE_RATIO_GOAL, `p99 ≤ ${GET_ONE_RATIO_GOAL}× trivial`)}\n`,
  );
  return { trivial, api: answers, p99Ratio, cpuText };
}

function optionsOf(target: Target): Partial<autocannon.Options> {
  return target.headers ? { url: target.url, headers: target.headers } : { url: target.url };
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function goalVerdict(met: boolean, goal: string): string {
  return `${met ? "meets" : "MISSES"} ${goal}`;
}

function goalLine(met: boolean, goal: string, measured: string): string {
  return `  ${met ? "MET   " : "MISSED"}  ${goal.padEnd(28)} ${measured}\n`;
}

function ratioOf(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : "∞";
}

if (process.argv.includes("--serve")) await serve();
else await main();
