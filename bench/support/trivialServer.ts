/**
 * The floor bench/api measures the API against: a bare node:http server answering each
 * path with fixed bytes (the API's own answers, captured once), no routing, no work.
 *
 *   tsx bench/support/trivialServer.ts <file of { "<path>": "<body>" }>
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const file = process.argv[2];
if (!file) throw new Error("usage: trivialServer.ts <bodies.json>");
const bodies = new Map(
  Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>).map(([path, body]) => [
    path,
    Buffer.from(body, "utf8"),
  ]),
);
const server = createServer((request, response) => {
  const body = bodies.get(request.url ?? "");
  if (!body) return void response.writeHead(404).end();
  response.writeHead(200, {
    "content-type": "application/json; charset=utf-8",
    "content-length": body.length,
  });
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`,
  );
});
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
