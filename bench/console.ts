/**
 * bench/console: the operator console's first load. Prints the shipped bytes (raw and gzip) and
 * the time from opening the sign-in link in Chromium (Debian's, through playwright-core) to the
 * instances table and its counts per state drawn, with 1,000 instances in the ledger: the real
 * ledger service on DynamoDB Local (as `npm start` runs it; `--memory`: its in-memory store)
 * behind the same API handler and local HTTP adapter as `npm start`, the console served at
 * /console as there. The instances are provisioned through
 * the API and never relayed (no WordPress runs): they are PENDING_PROVISIONING rows to list and
 * count. Five loads, each in a fresh page; the first is also the browser's first.
 *
 *   npm run bench:console            # 1,000 instances
 *   npm run bench:console -- 5000    # another number
 *   npm run bench:console -- --memory  # the ledger on its in-memory store
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createLocalApiHandler, createLocalIssuer, startLocalApiServer } from "@bbws/api";
import { buildConsole, serveConsoleFile } from "@bbws/console";
import {
  createDynamoLedgerStore,
  createLedgerService,
  createLedgerTable,
  createMemoryLedgerStore,
} from "@bbws/ledger";
import { DYNAMODB_RETRY_SETTINGS, silentLogger } from "@bbws/mesh";
import { startDynamoLocal } from "../runtime/dynamoLocal.ts";
import { launchChromium } from "../tests/support/browser.ts";

const args = process.argv.slice(2);
const INSTANCES = Number(args.find((arg) => !arg.startsWith("--")) ?? 1000);
const ON_DYNAMO = !args.includes("--memory");
const LOADS = 5;
const WORDPRESS = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };

const dataDir = await mkdtemp(join(tmpdir(), "bbws-bench-console-"));
const dynamo = ON_DYNAMO ? await startDynamoLocal({ path: join(dataDir, "ledger") }) : undefined;
const client = dynamo
  ? new DynamoDBClient({
      ...DYNAMODB_RETRY_SETTINGS,
      endpoint: dynamo.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    })
  : undefined;
if (client) await createLedgerTable(client, "bbws-ledger");
const store = client
  ? createDynamoLedgerStore({ client, tableName: "bbws-ledger" })
  : createMemoryLedgerStore();
console.log(`ledger: ${ON_DYNAMO ? "DynamoDB Local (as npm start)" : "in-memory store"}`);
const ledger = createLedgerService({
  store,
  logger: silentLogger,
  specDefaults: { wordpress: WORDPRESS, baseDomain: "sites.example.com" },
});
const issuer = await createLocalIssuer({ dataDir });
const handler = createLocalApiHandler({
  ledger,
  store,
  issuer,
  defaults: { wordpress: WORDPRESS, baseDomain: "sites.example.com", imageTemplate: "wordpress:{version}" },
  logger: silentLogger,
  rateLimit: { ratePerSecond: 1e9, burst: 1e9 },
});
const files = await buildConsole({ apiUrl: "", auth: { mode: "local" } });
const server = await startLocalApiServer({
  handler,
  logger: silentLogger,
  staticFiles: (path) => serveConsoleFile(files, "/console", path),
});
const token = await issuer.mintToken({ groups: ["platform-operators"], username: "bench" });
const browser = await launchChromium();
try {
  await seed(INSTANCES);
  const timings: number[] = [];
  for (let load = 0; load < LOADS; load += 1) timings.push(await firstLoad());
  report(timings);
} finally {
  await browser.close();
  await server.close();
  client?.destroy();
  await dynamo?.stop();
  await rm(dataDir, { recursive: true, force: true });
}

async function seed(count: number): Promise<void> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const answer = await fetch(`${server.url}/v1.0/instances`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      body: JSON.stringify({ tenantId: `bench${index}`, environment: "dev" }),
    });
    if (answer.status !== 202) throw new Error(`seeding failed: ${answer.status} ${await answer.text()}`);
  }
  console.log(`seeded ${count} instances in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** From navigation to the first page of rows and the counts (all instances counted) on screen. */
async function firstLoad(): Promise<number> {
  const page = await browser.context.newPage();
  try {
    const started = performance.now();
    await page.goto(`${server.url}/console/#access_token=${token}`);
    await page.locator("table.instances tbody tr").first().waitFor({ timeout: 60_000 });
    await page.getByText(`${INSTANCES} instances`).waitFor({ timeout: 60_000 });
    return performance.now() - started;
  } finally {
    await page.close();
  }
}

function report(timings: number[]): void {
  for (const name of ["console.js", "console.css", "index.html"]) {
    const body = files.get(name)?.body ?? Buffer.alloc(0);
    console.log(`${name.padEnd(12)} ${body.length} bytes, ${gzipSync(body).length} gzip`);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const ms = (value: number | undefined) => `${Math.round(value ?? 0)} ms`;
  console.log(
    `time to the instances table with its counts, ${INSTANCES} instances: first ${ms(timings[0])}, ` +
      `p50 ${ms(sorted[Math.floor(sorted.length / 2)])}, min ${ms(sorted[0])}, max ${ms(sorted.at(-1))} (${LOADS} loads)`,
  );
}
