/**
 * `npm start`: the local stack, supervised in this process tree — MariaDB
 * (existing or private), DynamoDB Local (the ledger, on disk), cognito-local,
 * the reverse proxy, the four services on their real local providers (a real
 * WordPress per tenant), the ledger, the mesh and the REST API. Ctrl-C (SIGINT),
 * SIGTERM and SIGHUP stop everything, even when stdout/stderr are gone (a tee that
 * died with the Ctrl-C, a closed terminal); a second signal kills the tenants' php
 * at once and exits. The next start resumes from the data dir and re-adopts tenants.
 *
 *   npm start                          # ./.bbws (root, checkout in a private dir: /var/lib/bbws), proxy :8080, API :8081, EventBridge :8082
 *   npm start -- --data-dir /srv/bbws --proxy-port 9080 --api-port 9081 --events-port 9082
 *   npm start -- --subscribers subscribers.json   # HTTP subscribers (default: <data dir>/subscribers.json)
 *   npm start -- --concurrency 8       # messages each consumer handles at once (default: twice the cores)
 *   npm run demo                       # the same, and provisions a site "demo"
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { killLocalTenantGroups } from "@bbws/compute";
import type { EventBridgeEndpoint } from "@bbws/local-cloud";
import { LOCAL_BUS_NAME, LOCAL_EVENTS_CREDENTIALS, parseHttpSubscribers } from "@bbws/local-cloud";
import { createJsonLogger } from "@bbws/mesh";
import { createStackOutput } from "../runtime/stackOutput.ts";
import { createStackShutdown } from "../runtime/stackShutdown.ts";
import { type LocalApi, startLocalApi } from "../runtime/startLocalApi.ts";
import { startLocalEvents } from "../runtime/startLocalEvents.ts";
import { type LocalStack, startLocalStack } from "../runtime/startLocalStack.ts";
import { localDataDir } from "./localDataDir.ts";
import { provisionThroughApi } from "./provisionThroughApi.ts";

/** The orderly stop's bound: past it, a hung step is skipped and the tenants' php is SIGKILLed. */
const SHUTDOWN_BOUND_MS = 60_000;

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    "proxy-port": { type: "string", default: process.env.BBWS_PROXY_PORT ?? "8080" },
    "api-port": { type: "string", default: process.env.BBWS_API_PORT ?? "8081" },
    "events-port": { type: "string", default: process.env.BBWS_EVENTS_PORT ?? "8082" },
    subscribers: { type: "string", default: process.env.BBWS_SUBSCRIBERS },
    concurrency: { type: "string", default: process.env.BBWS_CONCURRENCY },
    demo: { type: "string" },
    "log-level": { type: "string", default: "warn" },
  },
});
// Output may vanish (`npm start | tee` and Ctrl-C, a closed terminal): writes never throw.
const output = createStackOutput({ stdout: process.stdout, stderr: process.stderr });
const say = output.say;
const logLevel = values["log-level"] === "info" ? "info" : "warn";
const logger = createJsonLogger({ level: logLevel, write: output.log });

let dataDir: string | undefined;
let stack: LocalStack | undefined;
let api: LocalApi | undefined;
let events: EventBridgeEndpoint | undefined;
const killTenantsNow = () => {
  if (dataDir) killLocalTenantGroups(dataDir);
};
const shutdown = createStackShutdown({
  async stop() {
    await events?.close().catch(() => undefined);
    await api?.server.close().catch(() => undefined);
    await stack?.stop();
  },
  killNow: killTenantsNow,
  exit: (code) => process.exit(code),
  say,
  boundMs: SHUTDOWN_BOUND_MS,
  setTimer: (run, ms) => setTimeout(run, ms).unref(),
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, shutdown.onSignal);
process.on("uncaughtException", shutdown.onCrash);
process.on("unhandledRejection", shutdown.onCrash);
// Whatever ends the process through exit(), no tenant's php outlives it (kill -9 still can: the
// next start re-adopts those).
process.on("exit", killTenantsNow);

try {
  say("BBWS Instance Management: starting the local stack");
  const chosen = localDataDir(values["data-dir"] ?? process.env.BBWS_DATA_DIR);
  dataDir = chosen.dataDir;
  output.fallBackTo(join(dataDir, "stack-output.log"));
  say(`data dir: ${dataDir} (${chosen.reason})`);
  if (process.getuid?.() !== 0)
    say(
      "not root: every site runs as you, so tenants' files are not isolated from each other, and " +
        "/etc/wordpress/config-default.php must be installed once by root (the error says how)",
    );
  stack = await startLocalStack({
    dataDir,
    proxyPort: Number(values["proxy-port"]),
    logger,
    progress: say,
    subscribers: loadSubscribers(values.subscribers ?? join(dataDir, "subscribers.json")),
    ...(values.concurrency !== undefined ? { concurrency: Number(values.concurrency) } : {}),
  });
  api = await startLocalApi({ stack, port: Number(values["api-port"]), logger });
  events = await startLocalEvents({ stack, port: Number(values["events-port"]), logger });
  const url = api.server.url.replace(/\/$/, "");
  say("");
  say(`  console    ${api.consoleUrl}`);
  say(`  API        ${url}/v1.0/instances`);
  say(`  docs       ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
  const { accessKeyId, secretAccessKey } = LOCAL_EVENTS_CREDENTIALS;
  say(`  events     ${events.url}   (EventBridge, bus ${LOCAL_BUS_NAME}; docs/integration.md)`);
  say(
    `  signing    AWS_ACCESS_KEY_ID=${accessKeyId} AWS_SECRET_ACCESS_KEY=${secretAccessKey} AWS_REGION=eu-west-1`,
  );
  say("  publish    npm run ops -- publish TenantCreated --tenant acme");
  for (const subscriber of stack.subscribers)
    say(`  subscriber ${subscriber.name} -> POST ${subscriber.url}`);
  say(`  sites      ${stack.proxyUrl.replace("127.0.0.1", "{tenantId}.localhost")}`);
  say(`  data dir   ${stack.dataDir}`);
  say(`  token      export BBWS_TOKEN=${api.operatorToken}`);
  say(
    "  provision  curl -s -X POST -H \"Authorization: Bearer $BBWS_TOKEN\" -H 'Content-Type: application/json' \\",
  );
  say(
    `               -H "Idempotency-Key: $(date +%s)" -d '{"tenantId":"acme","environment":"dev"}' ${url}/v1.0/instances`,
  );
  say("  stop       Ctrl-C\n");
  if (values.demo) {
    const site = await provisionThroughApi({
      apiUrl: url,
      token: api.operatorToken,
      tenantId: values.demo,
      say,
    });
    say(`\n  ${values.demo} is ${site.state}: ${site.url ?? "(no URL)"}   (curl ${site.url ?? ""})\n`);
  }
} catch (error) {
  say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown.begin(1, "could not start");
}

/** HTTP subscribers from a config file; an explicitly named file must exist, the default may not. */
function loadSubscribers(path: string) {
  const explicit = values.subscribers !== undefined;
  if (!explicit && !existsSync(path)) return [];
  return parseHttpSubscribers(readFileSync(path, "utf8"), path);
}
