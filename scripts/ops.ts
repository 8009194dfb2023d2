/**
 * `npm run ops -- <command>`: the operators' recovery tools, through the API.
 *
 *   npm run ops -- replay --from 2026-11-22T09:00:00Z --to 2026-11-22T10:00:00Z [--instance <id>]
 *   npm run ops -- dlq list
 *   npm run ops -- dlq redrive [--consumer routing]
 *   npm run ops -- orphans
 *   npm run ops -- orphans cleanup [--apply]          # a dry run without --apply
 *   npm run ops -- publish TenantCreated --tenant acme [--environment dev]   # through the EventBridge endpoint
 *
 * The API is BBWS_API_URL (default http://127.0.0.1:8081), the bearer token BBWS_TOKEN; without
 * one, against a local API, the CLI mints an operator token with the local issuer of the data
 * dir (BBWS_DATA_DIR, else the default `npm start` chooses). `--json` prints the raw answer.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { createLocalIssuer } from "@bbws/api";
import { localDataDir } from "./localDataDir.ts";
import { formatAnswer, type OpsCommand } from "./opsFormat.ts";
import { type PublishDeps, runPublish } from "./opsPublish.ts";

export type { OpsCommand };

export const USAGE = `usage: npm run ops -- <command> [--json]
  replay --from <iso> --to <iso> [--instance <instanceId>]   re-drive archived events (at most 7 days)
  dlq list                                                  dead-letter queues and their messages
  dlq redrive [--consumer <name>]                           move dead letters back to their queues
  orphans                                                   scan for orphaned resources
  orphans cleanup [--apply]                                 remove them (a dry run without --apply)
  publish TenantCreated --tenant <id> [--environment <env>]  as Tenant Management does (publish alone: its options)
environment: BBWS_API_URL (default http://127.0.0.1:8081), BBWS_TOKEN, BBWS_DATA_DIR (default: npm start's)`;

export type ParsedArgs =
  | { readonly command: OpsCommand; readonly json: boolean }
  | { readonly usage: string };

const OPTIONS = {
  from: { type: "string" },
  to: { type: "string" },
  instance: { type: "string" },
  consumer: { type: "string" },
  apply: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Which options each command takes (besides --json). */
const ALLOWED: Readonly<Record<OpsCommand["kind"], readonly string[]>> = {
  replay: ["from", "to", "instance"],
  "dlq list": [],
  "dlq redrive": ["consumer"],
  orphans: [],
  "orphans cleanup": ["apply"],
};

/** The command line as a command, or the usage text with what was wrong. */
export function parseOpsArgs(argv: readonly string[]): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { usage: USAGE };
  const kind = positionals.join(" ");
  if (!Object.hasOwn(ALLOWED, kind)) return usage(kind ? `unknown command: ${kind}` : "no command given");
  const commandKind = kind as OpsCommand["kind"];
  const given = Object.keys(values).filter((name) => name !== "json");
  const extra = given.filter((name) => !ALLOWED[commandKind].includes(name));
  if (extra.length > 0) return usage(`${kind} does not take --${extra.join(", --")}`);
  const json = values.json ?? false;
  switch (commandKind) {
    case "replay":
      if (!values.from || !values.to) return usage("replay needs --from and --to");
      return {
        json,
        command: {
          kind: "replay",
          from: values.from,
          to: values.to,
          ...(values.instance ? { instanceId: values.instance } : {}),
        },
      };
    case "dlq redrive":
      return {
        json,
        command: { kind: commandKind, ...(values.consumer ? { consumer: values.consumer } : {}) },
      };
    case "orphans cleanup":
      return { json, command: { kind: commandKind, apply: values.apply ?? false } };
    default:
      return { json, command: { kind: commandKind } };
  }
}

function usage(problem: string): { usage: string } {
  return { usage: `${problem}\n${USAGE}` };
}

/** The API request a command makes. */
export function requestOf(command: OpsCommand): { method: "GET" | "POST"; path: string; body?: unknown } {
  switch (command.kind) {
    case "replay": {
      const { from, to, instanceId } = command;
      return {
        method: "POST",
        path: "/v1.0/replays",
        body: { from, to, ...(instanceId ? { instanceId } : {}) },
      };
    }
    case "dlq list":
      return { method: "GET", path: "/v1.0/dlq" };
    case "dlq redrive":
      return {
        method: "POST",
        path: "/v1.0/dlq/redrive",
        body: command.consumer ? { consumer: command.consumer } : {},
      };
    case "orphans":
      return { method: "GET", path: "/v1.0/orphans" };
    case "orphans cleanup":
      return { method: "POST", path: "/v1.0/orphans/cleanup", body: { dryRun: !command.apply } };
  }
}

export interface OpsDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  /** The data dir `npm start` chooses when BBWS_DATA_DIR is not set. */
  readonly defaultDataDir: () => string;
  /** An operator token of the local issuer in `dataDir`. */
  readonly mintLocalToken: (dataDir: string) => Promise<string>;
  readonly print: (line: string) => void;
  /** Between polls of a cleanup's Location; injected in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** How `publish` reaches the EventBridge endpoint. */
  readonly publish?: Omit<PublishDeps, "env" | "print">;
}

/** A cleanup runs in the background: poll its Location every 2 s, for up to 20 minutes. */
const POLL_MS = 2_000;
const POLLS = 600;

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Runs one command line; resolves to the exit code. */
export async function runOps(argv: readonly string[], deps: OpsDeps): Promise<number> {
  if (argv.find((arg) => !arg.startsWith("-")) === "publish") {
    if (!deps.publish) throw new Error("runOps: publish needs deps.publish");
    return runPublish(argv, { ...deps.publish, env: deps.env, print: deps.print });
  }
  const parsed = parseOpsArgs(argv);
  if ("usage" in parsed) {
    deps.print(parsed.usage);
    return parsed.usage === USAGE ? 0 : 2;
  }
  const apiUrl = (deps.env.BBWS_API_URL ?? "http://127.0.0.1:8081").replace(/\/+$/, "");
  let token = deps.env.BBWS_TOKEN;
  if (!token) {
    if (!LOCAL_HOSTS.has(new URL(apiUrl).hostname)) {
      deps.print(`error: set BBWS_TOKEN: ${apiUrl} is not a local API, so no token can be minted here`);
      return 1;
    }
    token = await deps.mintLocalToken(join(deps.env.BBWS_DATA_DIR ?? deps.defaultDataDir(), "api"));
  }
  const request = requestOf(parsed.command);
  let response: Response;
  try {
    response = await deps.fetch(`${apiUrl}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(request.body === undefined
          ? {}
          : { "content-type": "application/json", "idempotency-key": randomUUID() }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (error) {
    deps.print(`error: cannot reach ${apiUrl}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  let text = await response.text();
  const location = response.headers.get("location");
  if (parsed.command.kind === "orphans cleanup" && response.status === 202 && location) {
    const poll = async () => {
      const answer = await deps.fetch(`${apiUrl}${location}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: answer.status, text: await answer.text() };
    };
    let polled = { status: response.status, text };
    for (let round = 0; round < POLLS && isRunning(polled); round += 1) {
      await (deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(POLL_MS);
      polled = await poll();
    }
    text = polled.text;
    response = new Response(null, { status: polled.status === 202 ? 200 : polled.status });
  }
  const answer = formatAnswer(parsed.command, response.status, text);
  if (parsed.json && answer.exitCode === 0) deps.print(text);
  else for (const line of answer.lines) deps.print(line);
  return answer.exitCode;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await runOps(process.argv.slice(2), {
    env: process.env,
    fetch,
    defaultDataDir: () => localDataDir(undefined).dataDir,
    async mintLocalToken(dataDir) {
      const issuer = await createLocalIssuer({ dataDir });
      return issuer.mintToken({ groups: ["platform-operators"], username: "ops-cli", expiresInSeconds: 600 });
    },
    print: (line) => process.stdout.write(`${line}\n`),
    publish: {
      async putEvents({ endpoint, credentials, entries }) {
        const client = new EventBridgeClient({ endpoint, region: "eu-west-1", credentials });
        try {
          return await client.send(new PutEventsCommand({ Entries: entries }));
        } finally {
          client.destroy();
        }
      },
      newId: randomUUID,
      now: () => new Date(),
    },
  });
}

function isRunning(answer: { status: number; text: string }): boolean {
  if (answer.status >= 300) return false;
  try {
    return (JSON.parse(answer.text) as { status?: unknown }).status === "RUNNING";
  } catch {
    return false;
  }
}
