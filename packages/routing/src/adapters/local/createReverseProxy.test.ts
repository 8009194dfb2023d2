import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildInstanceSpec } from "@bbws/contracts";
import { createLocalTargetGroups } from "@bbws/local-cloud";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAINTENANCE_PAGE } from "../../domain/maintenancePage.ts";
import { createRoutingDriver } from "../../testing/routingDriver.ts";
import { sendRequest } from "../../testing/sendRequest.ts";
import { createLocalRoutingProvider } from "./createLocalRoutingProvider.ts";
import { createReverseProxy, type ReverseProxy, type RunningProxy } from "./createReverseProxy.ts";

interface Seen {
  readonly who: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly sha256: string;
  readonly bytes: number;
}

/** A target that answers like `php -S`: `Connection: close`, plus a Keep-Alive and a Connection-named header. */
function startBackend(who: string): Promise<{ server: Server; target: string }> {
  const server = createServer((req, res) => {
    if (req.url === "/echo") {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      return void req.pipe(res);
    }
    if (req.url === "/hang") return;
    const hash = createHash("sha256");
    let bytes = 0;
    req.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    req.on("end", () => {
      const seen: Seen = { who, url: req.url ?? "", headers: req.headers, sha256: hash.digest("hex"), bytes };
      res.writeHead(200, {
        "content-type": "application/json",
        connection: "close, x-backend-hop",
        "keep-alive": "timeout=1, max=7",
        "x-backend-hop": "1",
        "set-cookie": ["a=1; Path=/", "b=2; Path=/"],
      });
      res.end(JSON.stringify(seen));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, target: `127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

const dir = mkdtempSync(join(tmpdir(), "bbws-proxy-"));
const targetGroups = createLocalTargetGroups(join(dir, "target-groups.json"));
const backends: { server: Server; target: string }[] = [];
let proxy: ReverseProxy;
let running: RunningProxy;
let deadTarget: string;

const get = (host: string, path = "/", headers = {}) =>
  sendRequest({ port: running.port, host: `${host}:${running.port}`, path, headers });
const seenOf = (body: string) => JSON.parse(body) as Seen;
const group = (name: string, hostname: string, targets: string[]) =>
  targetGroups.upsert({ name, hostname, instanceId: `instance-of-${name}`, maintenance: false, targets });

beforeAll(async () => {
  backends.push(await startBackend("a"), await startBackend("b"));
  const closed = await startBackend("dead");
  deadTarget = closed.target;
  await new Promise((done) => closed.server.close(done));
  proxy = createReverseProxy({ targetGroups, timeoutMs: 300 });
  running = await proxy.start({ port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await running.close();
  for (const { server } of backends) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  for (const existing of targetGroups.list()) targetGroups.remove(existing.name);
});

describe("createReverseProxy", () => {
  it("routes by Host, case-insensitively and whatever the port, in turn over a group's targets", async () => {
    const [a, b] = backends.map((backend) => backend.target);
    group("tg-acme-dev", "acme.localhost", [a!, b!]);
    group("tg-beta-dev", "beta.localhost", [b!]);
    const whos = [];
    for (const host of ["acme.localhost", "ACME.Localhost", "acme.localhost", "acme.localhost"])
      whos.push(seenOf((await get(host)).body).who);
    expect(whos).toEqual(["a", "b", "a", "b"]);
    expect(seenOf((await sendRequest({ port: running.port, host: "beta.localhost" })).body).who).toBe("b");
    expect(running.url).toBe(`http://127.0.0.1:${running.port}/`);
  });

  it("answers 404 with a small page for a host no route matches", async () => {
    const before = proxy.counters().unknownHost;
    const answer = await get("nobody.localhost");
    expect(answer.status).toBe(404);
    expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(answer.body).toContain("No site at nobody.localhost");
    expect(proxy.counters().unknownHost).toBe(before + 1);
  });

  it("serves the maintenance page while suspended, then the site again on resume", async () => {
    const routing = createRoutingDriver(
      createLocalRoutingProvider({ targetGroups, proxyPort: running.port }),
    );
    const instance = {
      instanceId: "7f0c1c1e-2f4a-4b59-9a55-0d8b7e1f2a3b",
      tenantId: "acme",
      environment: "dev" as const,
    };
    const defaults = { wordpress: { version: "6.4", image: "wordpress:6.4" }, baseDomain: "example.com" };
    await routing.ensureRoute(instance, buildInstanceSpec(instance, defaults));
    targetGroups.registerTarget("tg-acme-dev", backends[0]!.target);
    expect((await get("acme.localhost")).status).toBe(200);
    await routing.suspendRoute(instance);
    const suspended = await get("acme.localhost");
    expect(suspended).toMatchObject({ status: 503, body: MAINTENANCE_PAGE.body });
    expect(suspended.headers["retry-after"]).toBe("300");
    await routing.resumeRoute(instance);
    expect((await get("acme.localhost")).status).toBe(200);
    expect(proxy.counters().byTargetGroup["tg-acme-dev"]).toMatchObject({ maintenance: 1 });
  });

  it("answers 503 while a route has no target yet", async () => {
    group("tg-acme-dev", "acme.localhost", []);
    const answer = await get("acme.localhost");
    expect(answer.status).toBe(503);
    expect(answer.body).not.toContain("maintenance");
  });

  it("strips hop-by-hop headers both ways, keeps Host, adds X-Forwarded-*", async () => {
    group("tg-acme-dev", "acme.localhost", [backends[0]!.target]);
    const answer = await get("acme.localhost", "/wp-admin/?x=1", {
      connection: "keep-alive, x-client-hop",
      "x-client-hop": "1",
      "keep-alive": "timeout=300",
      "proxy-authorization": "Basic c2VjcmV0",
      te: "trailers",
      upgrade: "websocket",
      "x-forwarded-for": "203.0.113.9",
      cookie: "wordpress_logged_in=abc",
    });
    const seen = seenOf(answer.body);
    expect(seen.url).toBe("/wp-admin/?x=1");
    expect(seen.headers).toMatchObject({
      host: `acme.localhost:${running.port}`,
      "x-forwarded-for": "203.0.113.9, 127.0.0.1",
      "x-forwarded-proto": "http",
      "x-forwarded-host": `acme.localhost:${running.port}`,
      "x-forwarded-port": String(running.port),
      cookie: "wordpress_logged_in=abc",
    });
    for (const name of ["x-client-hop", "proxy-authorization", "te", "upgrade"])
      expect(seen.headers[name]).toBeUndefined();
    expect(seen.headers["keep-alive"]).toBeUndefined();

    expect(answer.headers.connection).toBe("keep-alive");
    expect(answer.headers["keep-alive"]).not.toContain("max=7");
    expect(answer.headers["x-backend-hop"]).toBeUndefined();
    expect(answer.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("streams a chunked POST body to the target and a large answer back, intact", async () => {
    group("tg-acme-dev", "acme.localhost", [backends[0]!.target]);
    const chunks = Array.from({ length: 64 }, () => randomBytes(16 * 1024));
    const whole = Buffer.concat(chunks);
    const sha256 = createHash("sha256").update(whole).digest("hex");
    const posted = await sendRequest({
      port: running.port,
      host: "acme.localhost",
      method: "POST",
      path: "/upload",
      body: chunks,
    });
    expect(seenOf(posted.body)).toMatchObject({ sha256, bytes: whole.length });
    expect(seenOf(posted.body).headers["transfer-encoding"]).toBe("chunked");

    const text = Buffer.from("x".repeat(3 * 1024 * 1024));
    const echoed = await sendRequest({
      port: running.port,
      host: "acme.localhost",
      method: "POST",
      path: "/echo",
      body: [text],
    });
    expect(echoed.body.length).toBe(text.length);
  });

  it("answers 502 when the target is down and 504 when it does not answer in time", async () => {
    group("tg-dead-dev", "dead.localhost", [deadTarget]);
    expect((await get("dead.localhost")).status).toBe(502);
    group("tg-acme-dev", "acme.localhost", [backends[0]!.target]);
    expect((await get("acme.localhost", "/hang")).status).toBe(504);
    expect(proxy.counters().byTargetGroup["tg-dead-dev"]).toMatchObject({ requests: 1, badGateway: 1 });
    expect(proxy.counters().byTargetGroup["tg-acme-dev"]?.timeouts).toBeGreaterThanOrEqual(1);
  });
});
