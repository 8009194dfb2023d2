/**
 * bench/api: the REST API over HTTP (the local adapter in front of the middy handler)
 * with the real ledger service on its in-memory store. autocannon, 200 connections,
 * each scenario for 10 s: GET one instance, list 100, POST (provision) with fresh
 * Idempotency-Keys. Prints rps and p50/p99 latency against the target (reads p99 < 25 ms).
 *
 *   npm run bench:api             # 10 s per scenario
 *   npm run bench:api -- 3        # another duration
 *   npm run bench:api -- 10 50    # and another number of connections
 *
 * The server runs in a child process so that autocannon does not share its event loop.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  createApiHandler,
  createLedgerInstanceCommands,
  createLedgerInstanceQueries,
  createLocalIssuer,
  createLocalTokenVerifier,
  createMemoryIdempotencyStore,
  startLocalApiServer,
} from "@bbws/api";
import { createLedgerService, createMemoryLedgerStore } from "@bbws/ledger";
import { silentLogger } from "@bbws/mesh";
import autocannon from "autocannon";

const CONNECTIONS = Number(process.argv[3] ?? 200);
const READ_P99_TARGET_MS = 25;
const WORDPRESS = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };

async function serve(): Promise<void> {
  const store = createMemoryLedgerStore();
  const ledger = createLedgerService({
    store,
    logger: silentLogger,
    specDefaults: { wordpress: WORDPRESS, baseDomain: "sites.example.com" },
  });
  const issuer = await createLocalIssuer({ dataDir: await mkdtemp(join(tmpdir(), "bbws-bench-api-")) });
  const handler = createApiHandler({
    commands: createLedgerInstanceCommands(ledger),
    queries: createLedgerInstanceQueries(store),
    idempotency: createMemoryIdempotencyStore(),
    auth: { mode: "verify", verifier: createLocalTokenVerifier(issuer) },
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
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
  const token = await issuer.mintToken({ groups: ["platform-operators"], username: "bench" });
  process.stdout.write(`${JSON.stringify({ url: server.url, token })}\n`);
}

function startServer(): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? "bench/api.ts", "--serve"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the API server exited with ${code} before it listened`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve({ child, ...JSON.parse(line) }));
  });
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

interface Scenario {
  readonly name: string;
  readonly read: boolean;
  readonly options: Partial<autocannon.Options>;
}

async function run(url: string, seconds: number, scenario: Scenario) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, ...scenario.options });
  const { p50, p99 } = result.latency;
  const verdict = scenario.read
    ? `${p99 < READ_P99_TARGET_MS ? "meets" : "MISSES"} p99 < ${READ_P99_TARGET_MS} ms`
    : "";
  process.stdout.write(
    `${scenario.name.padEnd(26)} ${String(Math.round(result.requests.average)).padStart(6)} rps  p50 ${String(p50).padStart(4)} ms  p99 ${String(p99).padStart(4)} ms  ` +
      `2xx ${result["2xx"]}  non-2xx ${result.non2xx}${otherStatuses(result)}  errors ${result.errors + result.timeouts}  ${verdict}\n`,
  );
  return { non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

/** Which statuses the non-2xx answers had, e.g. ` (409 x1)`. */
function otherStatuses(result: autocannon.Result): string {
  const stats = (result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const others = Object.entries(stats).filter(([status]) => !status.startsWith("2"));
  return others.length ? ` (${others.map(([status, { count }]) => `${status} x${count}`).join(", ")})` : "";
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const { child, url, token } = await startServer();
  try {
    const ids: string[] = [];
    for (let index = 0; index < 100; index += 1) ids.push(await provision(url, token));
    const headers = { authorization: `Bearer ${token}` };
    process.stdout.write(`bench/api: ${CONNECTIONS} connections, ${seconds} s per scenario, ${url}\n`);
    const scenarios: Scenario[] = [
      { name: "GET one instance", read: true, options: { url: `${url}/v1.0/instances/${ids[0]}`, headers } },
      {
        name: "GET list of 100",
        read: true,
        options: { url: `${url}/v1.0/instances?pageSize=100`, headers },
      },
      {
        name: "POST provision (fresh key)",
        read: false,
        options: {
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
        },
      },
    ];
    let failures = 0;
    for (const scenario of scenarios) {
      const outcome = await run(url, seconds, scenario);
      failures += outcome.non2xx + outcome.errors;
    }
    if (failures > 0) process.exitCode = 1;
  } finally {
    await stop(child);
  }
}

/** SIGTERM, then SIGKILL if the server has not exited within 3 s: leave no process behind. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

if (process.argv.includes("--serve")) await serve();
else await main();
