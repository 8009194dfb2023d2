import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { LocalTargetGroup, LocalTargetGroups } from "@bbws/local-cloud";
import { type Logger, silentLogger } from "@bbws/mesh";
import { MAINTENANCE_PAGE, notFoundPage } from "../../domain/maintenancePage.ts";
import { endToEndHeaders, hostnameOf } from "./hopByHopHeaders.ts";

export interface ReverseProxyOptions {
  /** The shared table routing writes (routes, maintenance) and compute registers targets in. */
  readonly targetGroups: Pick<LocalTargetGroups, "byHostname">;
  /** No byte from a target for this long: 504. */
  readonly timeoutMs?: number;
  readonly logger?: Logger;
}

export interface TargetGroupCounters {
  requests: number;
  forwarded: number;
  maintenance: number;
  noTarget: number;
  badGateway: number;
  timeouts: number;
}

export interface ProxyCounters {
  readonly byTargetGroup: Record<string, TargetGroupCounters>;
  readonly unknownHost: number;
}

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ReverseProxy {
  start(listen: { port: number; host?: string }): Promise<RunningProxy>;
  /** Requests per target group since start, for the metrics endpoint. */
  counters(): ProxyCounters;
  /** The request listener, for a server of one's own. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

class UpstreamTimeout extends Error {}

/**
 * The local stand-in for the ALB: routes by Host like a host-header rule, answers the
 * maintenance page for suspended tenants, and forwards to the tenant's targets in turn.
 */
export function createReverseProxy(options: ReverseProxyOptions): ReverseProxy {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const logger = options.logger ?? silentLogger;
  // php -S closes after every answer anyway; the agent pays off with targets that keep alive.
  const agent = new Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 8 });
  const byGroup = new Map<string, TargetGroupCounters>();
  const turns = new Map<string, number>();
  let unknownHost = 0;

  function countersOf(group: string): TargetGroupCounters {
    const existing = byGroup.get(group);
    if (existing) return existing;
    const fresh = { requests: 0, forwarded: 0, maintenance: 0, noTarget: 0, badGateway: 0, timeouts: 0 };
    byGroup.set(group, fresh);
    return fresh;
  }

  function nextTarget(group: LocalTargetGroup): string | undefined {
    const turn = turns.get(group.name) ?? 0;
    turns.set(group.name, turn + 1);
    return group.targets[turn % group.targets.length];
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const hostname = hostnameOf(req.headers.host);
    const group = hostname ? options.targetGroups.byHostname(hostname) : undefined;
    if (!group) {
      unknownHost += 1;
      answer(res, 404, notFoundPage(hostname));
      return;
    }
    const counters = countersOf(group.name);
    counters.requests += 1;
    if (group.maintenance) {
      counters.maintenance += 1;
      const { statusCode, body, retryAfterSeconds } = MAINTENANCE_PAGE;
      answer(res, statusCode, body, retryAfterSeconds);
      return;
    }
    const target = nextTarget(group);
    if (!target) {
      counters.noTarget += 1;
      answer(res, 503, page("Service unavailable", "The site is starting. Try again shortly."), 5);
      return;
    }
    forward(req, res, target, counters);
  }

  function forward(req: IncomingMessage, res: ServerResponse, target: string, counters: TargetGroupCounters) {
    const [host, port] = splitTarget(target);
    const upstream = request({
      host,
      port,
      method: req.method,
      path: req.url,
      // The client's Host stays: WordPress builds its links and redirects from it.
      headers: { ...endToEndHeaders(req.headers, ["expect"]), ...forwardedHeaders(req) },
      agent,
      timeout: timeoutMs,
    });
    upstream.on("timeout", () =>
      upstream.destroy(new UpstreamTimeout(`no answer from ${target} in ${timeoutMs} ms`)),
    );
    upstream.on("response", (answered) => {
      counters.forwarded += 1;
      res.writeHead(answered.statusCode ?? 502, answered.statusMessage, endToEndHeaders(answered.headers));
      answered.pipe(res);
      answered.on("error", () => res.destroy());
    });
    upstream.on("error", (error) => {
      const timedOut = error instanceof UpstreamTimeout;
      if (timedOut) counters.timeouts += 1;
      else counters.badGateway += 1;
      logger.warn("proxy upstream failed", { target, error: error.message });
      if (res.headersSent) return void res.destroy();
      answer(
        res,
        timedOut ? 504 : 502,
        page(timedOut ? "Gateway timeout" : "Bad gateway", "The site did not answer."),
      );
    });
    // A visitor who leaves mid-answer must not keep the target busy.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  return {
    handle,
    counters: () => ({
      byTargetGroup: Object.fromEntries([...byGroup].map(([name, counts]) => [name, { ...counts }])),
      unknownHost,
    }),
    start: (listen) => startServer(handle, listen, agent),
  };
}

function forwardedHeaders(req: IncomingMessage): Record<string, string> {
  const client = req.socket.remoteAddress ?? "";
  const prior = req.headers["x-forwarded-for"];
  return {
    "x-forwarded-for": prior ? `${String(prior)}, ${client}` : client,
    "x-forwarded-proto": "http",
    "x-forwarded-host": req.headers.host ?? "",
    "x-forwarded-port": String(req.socket.localPort ?? ""),
  };
}

function splitTarget(target: string): [string, number] {
  const at = target.lastIndexOf(":");
  return [target.slice(0, at), Number(target.slice(at + 1))];
}

function page(title: string, text: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

function answer(res: ServerResponse, status: number, html: string, retryAfterSeconds?: number): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
    "cache-control": "no-store",
    ...(retryAfterSeconds === undefined ? {} : { "retry-after": String(retryAfterSeconds) }),
  });
  res.end(html);
}

function startServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  listen: { port: number; host?: string },
  agent: Agent,
): Promise<RunningProxy> {
  const host = listen.host ?? "127.0.0.1";
  const server = createServer(handle);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, host, () => {
      const { port } = server.address() as AddressInfo;
      const close = () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
          agent.destroy();
        });
      resolve({ url: `http://${host}:${port}/`, port, close });
    });
  });
}
