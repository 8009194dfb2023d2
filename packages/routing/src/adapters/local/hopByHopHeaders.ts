import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

/** RFC 9110 §7.6.1 connection-specific fields, plus the old `proxy-*` and `keep-alive` ones. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade"]);

/**
 * The end-to-end headers of a message: hop-by-hop ones, those named in `Connection`, and
 * `proxy-*` are dropped. They describe one connection, not the message: forwarding php -S's
 * `Connection: close` to the client made every browser request open a new connection
 * (measured: p50 ~3 s instead of ~60 ms, FACTS.md).
 */
export function endToEndHeaders(
  headers: IncomingHttpHeaders,
  also: readonly string[] = [],
): OutgoingHttpHeaders {
  const named = String(headers.connection ?? "")
    .split(",")
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  const drop = new Set([...HOP_BY_HOP, ...named, ...also]);
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || drop.has(name) || name.startsWith("proxy-")) continue;
    kept[name] = value;
  }
  return kept;
}

/** `Acme.LOCALHOST:8080` -> `acme.localhost`; the port and a trailing dot do not matter to routing. */
export function hostnameOf(hostHeader: string | undefined): string {
  const host = (hostHeader ?? "").trim().toLowerCase();
  const withoutPort = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d*$/, "");
  return withoutPort.replace(/\.$/, "");
}
