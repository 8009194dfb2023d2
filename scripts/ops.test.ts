import { describe, expect, it } from "vitest";
import { type OpsDeps, parseOpsArgs, requestOf, runOps, USAGE } from "./ops.ts";
import { formatAnswer } from "./opsFormat.ts";

const FROM = "2026-11-22T09:00:00Z";
const TO = "2026-11-22T10:00:00Z";
const INSTANCE = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";

describe("parseOpsArgs", () => {
  it.each([
    [["replay", "--from", FROM, "--to", TO], { kind: "replay", from: FROM, to: TO }],
    [
      ["replay", "--from", FROM, "--to", TO, "--instance", INSTANCE],
      { kind: "replay", from: FROM, to: TO, instanceId: INSTANCE },
    ],
    [["dlq", "list"], { kind: "dlq list" }],
    [["dlq", "redrive"], { kind: "dlq redrive" }],
    [["dlq", "redrive", "--consumer", "routing"], { kind: "dlq redrive", consumer: "routing" }],
    [["orphans"], { kind: "orphans" }],
    [["orphans", "cleanup"], { kind: "orphans cleanup", apply: false }],
    [["orphans", "cleanup", "--apply"], { kind: "orphans cleanup", apply: true }],
  ])("%j", (argv, command) => {
    expect(parseOpsArgs(argv)).toEqual({ command, json: false });
  });

  it("takes --json anywhere", () => {
    expect(parseOpsArgs(["--json", "dlq", "list"])).toEqual({ command: { kind: "dlq list" }, json: true });
  });

  it.each([
    [[], "no command given"],
    [["dlq"], "unknown command: dlq"],
    [["purge"], "unknown command: purge"],
    [["replay", "--from", FROM], "replay needs --from and --to"],
    [["dlq", "list", "--apply"], "dlq list does not take --apply"],
    [["orphans", "--consumer", "x"], "orphans does not take --consumer"],
    [["dlq", "list", "--colour", "red"], "Unknown option '--colour'"],
  ])("%j is a usage error: %s", (argv, problem) => {
    const parsed = parseOpsArgs(argv);
    expect(parsed).toEqual({ usage: expect.stringContaining(problem) });
    expect("usage" in parsed && parsed.usage.endsWith(USAGE)).toBe(true);
  });

  it("maps commands to API requests", () => {
    expect(requestOf({ kind: "orphans cleanup", apply: false })).toEqual({
      method: "POST",
      path: "/v1.0/orphans/cleanup",
      body: { dryRun: true },
    });
    expect(requestOf({ kind: "dlq redrive" })).toEqual({
      method: "POST",
      path: "/v1.0/dlq/redrive",
      body: {},
    });
    expect(requestOf({ kind: "dlq list" })).toEqual({ method: "GET", path: "/v1.0/dlq" });
  });
});

const orphan = {
  service: "storage",
  kind: "database",
  id: "wp_ghost_dev",
  tenantId: "ghost",
  environment: "dev",
  reason: "no instance of tenant ghost in dev",
};

describe("formatAnswer", () => {
  it("prints a problem as error: <title>: <detail>, exit 1", () => {
    const problem = JSON.stringify({
      title: "The request has invalid fields",
      detail: "body to: to must be after from",
    });
    expect(formatAnswer({ kind: "dlq list" }, 400, problem)).toEqual({
      lines: ["error: The request has invalid fields: body to: to must be after from"],
      exitCode: 1,
    });
    expect(formatAnswer({ kind: "dlq list" }, 502, "<html>")).toEqual({
      lines: ["error: HTTP 502: <html>"],
      exitCode: 1,
    });
  });

  it("summarises a replay: re-sent at once, or started on AWS", () => {
    const done = {
      replayName: "r-1",
      from: FROM,
      to: TO,
      instanceId: INSTANCE,
      state: "COMPLETED",
      eventsReplayed: 9,
    };
    expect(formatAnswer({ kind: "replay", from: FROM, to: TO }, 202, JSON.stringify(done)).lines).toEqual([
      `replay r-1 COMPLETED: 9 event(s) re-sent (${FROM} to ${TO}, instance ${INSTANCE})`,
    ]);
    const started = { replayName: "r-2", from: FROM, to: TO, state: "STARTING" };
    expect(formatAnswer({ kind: "replay", from: FROM, to: TO }, 202, JSON.stringify(started)).lines).toEqual([
      `replay r-2 STARTING (${FROM} to ${TO}, every instance)`,
      "  follow it: aws events describe-replay --replay-name r-2",
    ]);
  });

  it("lists dead letters: events by type, tenant and instance; other bodies as excerpts", () => {
    const answer = {
      queues: [
        {
          consumer: "routing",
          queue: "bbws-routing-dlq",
          approximateCount: 2,
          messages: [
            {
              messageId: "m-1",
              receiveCount: 5,
              sentAt: FROM,
              detailType: "RoutingRequested",
              tenantId: "alpha",
              instanceId: INSTANCE,
              bodyExcerpt: "{}",
            },
            { messageId: "m-2", bodyExcerpt: "{ not json" },
          ],
        },
        { consumer: "ledger", queue: "bbws-ledger-dlq", approximateCount: 0, messages: [] },
      ],
    };
    expect(formatAnswer({ kind: "dlq list" }, 200, JSON.stringify(answer))).toEqual({
      lines: [
        "routing: 2 message(s) in bbws-routing-dlq",
        `  m-1  RoutingRequested  tenant alpha  instance ${INSTANCE}  received 5x  sent ${FROM}`,
        '  m-2  "{ not json"',
        "ledger: 0 message(s) in bbws-ledger-dlq",
        "2 dead letter(s); `npm run ops -- dlq redrive` moves them back",
      ],
      exitCode: 0,
    });
  });

  it("summarises a redrive, exit 1 when a queue refused", () => {
    const answer = {
      redriven: [
        { consumer: "routing", queue: "q", moved: 1 },
        { consumer: "ledger", queue: "q", taskHandle: "t-1" },
        { consumer: "compute", queue: "q", error: "UnsupportedOperation: a task is running" },
      ],
    };
    expect(formatAnswer({ kind: "dlq redrive" }, 202, JSON.stringify(answer))).toEqual({
      lines: [
        "routing: 1 message(s) moved back",
        "ledger: move task started (t-1)",
        "compute: error: UnsupportedOperation: a task is running",
      ],
      exitCode: 1,
    });
  });

  it("summarises a scan and a cleanup, dry or applied", () => {
    const scan = { scanId: "s-1", scannedAt: TO, resources: 7, orphans: [orphan] };
    expect(formatAnswer({ kind: "orphans" }, 200, JSON.stringify(scan)).lines).toEqual([
      `scan s-1 at ${TO}: 7 resource(s), 1 orphan(s)`,
      "  storage database wp_ghost_dev (ghost/dev): no instance of tenant ghost in dev",
    ]);
    const dry = { scanId: "s-2", dryRun: true, orphans: [orphan], removed: [], failed: [] };
    const run = (report: unknown) =>
      JSON.stringify({ cleanupId: "c-1", status: "COMPLETED", report, _links: { self: { href: "/x" } } });
    expect(formatAnswer({ kind: "orphans cleanup", apply: false }, 200, run(dry)).lines).toEqual([
      "dry run: 1 orphan(s) would be removed (again with --apply to remove them)",
      "  storage database wp_ghost_dev (ghost/dev): no instance of tenant ghost in dev",
    ]);
    const applied = {
      scanId: "s-3",
      dryRun: false,
      orphans: [orphan, orphan],
      removed: [{ resource: orphan, deleted: ["wp_ghost_dev"] }],
      failed: [{ resource: orphan, error: "access denied" }],
    };
    expect(formatAnswer({ kind: "orphans cleanup", apply: true }, 200, run(applied))).toEqual({
      lines: [
        "removed 1 orphan(s), 1 failed",
        "  removed storage database wp_ghost_dev (ghost/dev): no instance of tenant ghost in dev [wp_ghost_dev]",
        "  FAILED storage database wp_ghost_dev (ghost/dev): no instance of tenant ghost in dev: access denied",
      ],
      exitCode: 1,
    });
  });
});

describe("runOps", () => {
  function deps(env: Record<string, string>, answer: { status: number; body: unknown }) {
    const printed: string[] = [];
    const requests: { url: string; init: RequestInit }[] = [];
    const minted: string[] = [];
    const value: OpsDeps = {
      env,
      async fetch(url, init) {
        requests.push({ url: String(url), init: init ?? {} });
        return new Response(JSON.stringify(answer.body), { status: answer.status });
      },
      defaultDataDir: () => "/var/lib/bbws",
      async mintLocalToken(dataDir) {
        minted.push(dataDir);
        return "local-token";
      },
      print: (line) => printed.push(line),
    };
    return { value, printed, requests, minted };
  }

  it("against the local API without BBWS_TOKEN: mints an operator token from the data dir", async () => {
    const run = deps({}, { status: 200, body: { scanId: "s", scannedAt: TO, resources: 0, orphans: [] } });
    expect(await runOps(["orphans"], run.value)).toBe(0);
    expect(run.minted).toEqual(["/var/lib/bbws/api"]);
    expect(run.requests).toEqual([
      {
        url: "http://127.0.0.1:8081/v1.0/orphans",
        init: { method: "GET", headers: { authorization: "Bearer local-token" } },
      },
    ]);
    expect(run.printed).toEqual([`scan s at ${TO}: 0 resource(s), 0 orphan(s)`]);
  });

  it("mints from BBWS_DATA_DIR when set, not from npm start's default", async () => {
    const run = deps({ BBWS_DATA_DIR: "/srv/bbws" }, { status: 200, body: { queues: [] } });
    await runOps(["dlq", "list"], run.value);
    expect(run.minted).toEqual(["/srv/bbws/api"]);
  });

  it("POSTs with BBWS_TOKEN, a JSON body and a fresh Idempotency-Key; --json prints the raw answer", async () => {
    const body = { redriven: [] };
    const run = deps({ BBWS_API_URL: "https://api.example.com/", BBWS_TOKEN: "t" }, { status: 202, body });
    expect(await runOps(["dlq", "redrive", "--consumer", "routing", "--json"], run.value)).toBe(0);
    const [request] = run.requests;
    expect(request?.url).toBe("https://api.example.com/v1.0/dlq/redrive");
    expect(request?.init).toEqual({
      method: "POST",
      headers: {
        authorization: "Bearer t",
        "content-type": "application/json",
        "idempotency-key": expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
      body: JSON.stringify({ consumer: "routing" }),
    });
    expect(run.minted).toEqual([]);
    expect(run.printed).toEqual([JSON.stringify(body)]);
  });

  it("refuses to run against a remote API without a token, and prints usage errors (exit 2)", async () => {
    const remote = deps({ BBWS_API_URL: "https://api.example.com" }, { status: 200, body: {} });
    expect(await runOps(["dlq", "list"], remote.value)).toBe(1);
    expect(remote.printed[0]).toContain("set BBWS_TOKEN");
    expect(remote.requests).toEqual([]);
    const bad = deps({}, { status: 200, body: {} });
    expect(await runOps(["dlq"], bad.value)).toBe(2);
    expect(bad.printed[0]).toContain("unknown command: dlq");
    expect(await runOps(["--help"], bad.value)).toBe(0);
    expect(bad.printed.at(-1)).toBe(USAGE);
  });
});

describe("runOps orphans cleanup", () => {
  it("polls the cleanup's Location until it ends, then summarises its report", async () => {
    const href = "/v1.0/orphans/cleanups/7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9";
    const view = (status: string, report?: unknown) => ({
      cleanupId: "7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9",
      status,
      ...(report ? { report } : {}),
      _links: { self: { href } },
    });
    const report = { scanId: "s", dryRun: true, orphans: [], removed: [], failed: [] };
    const answers = [
      new Response(JSON.stringify(view("RUNNING")), { status: 202, headers: { location: href } }),
      new Response(JSON.stringify(view("RUNNING")), { status: 200 }),
      new Response(JSON.stringify(view("COMPLETED", report)), { status: 200 }),
    ];
    const urls: string[] = [];
    const printed: string[] = [];
    const slept: number[] = [];
    const code = await runOps(["orphans", "cleanup"], {
      env: { BBWS_TOKEN: "t" },
      fetch: async (url) => {
        urls.push(String(url));
        const next = answers.shift();
        if (!next) throw new Error("no more answers");
        return next;
      },
      defaultDataDir: () => "/var/lib/bbws",
      mintLocalToken: async () => "unused",
      print: (line) => printed.push(line),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(code).toBe(0);
    expect(urls.slice(1)).toEqual([`http://127.0.0.1:8081${href}`, `http://127.0.0.1:8081${href}`]);
    expect(slept).toEqual([2000, 2000]);
    expect(printed).toEqual(["dry run: 0 orphan(s) would be removed"]);
  });
});
