import { request } from "node:http";
import { silentLogger } from "@bbws/mesh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../../testing/createApiHarness.ts";
import { expectProblem } from "../../testing/expectProblem.ts";
import { type LocalApiServer, startLocalApiServer } from "./createLocalApiServer.ts";

let api: ApiHarness;
let server: LocalApiServer;

beforeAll(async () => {
  api = await createApiHarness();
  server = await startLocalApiServer({
    handler: api.handler,
    logger: silentLogger,
    maxPayloadBytes: 256 * 1024,
  });
});
afterAll(() => server.close());

interface Sent {
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** A raw HTTP exchange (fetch would normalise the things this adapter must handle). */
function send({ method, path, body, headers = {} }: Sent) {
  return new Promise<{ status: number; headers: Record<string, string>; text: string }>((resolve, reject) => {
    const outgoing = request(`${server.url}${path}`, { method, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(incoming.headers).map(([name, value]) => [name, String(value)]),
          ),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

const auth = () => ({ authorization: `Bearer ${api.tokens.operator}` });

describe("the local HTTP adapter serves the same handler", () => {
  it("provisions, reads, lists and follows the operation over HTTP", async () => {
    const created = await send({
      method: "POST",
      path: "/v1.0/instances",
      body: JSON.stringify({ tenantId: "acme", environment: "dev" }),
      headers: { ...auth(), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    });
    expect(created.status).toBe(202);
    const operation = JSON.parse(created.text);
    expect(created.headers.location).toBe(`/v1.0/operations/${operation.operationId}`);
    await api.ledger.complete(operation.instanceId);
    const read = await send({
      method: "GET",
      path: `/v1.0/instances/${operation.instanceId}`,
      headers: auth(),
    });
    expect(JSON.parse(read.text)).toMatchObject({ state: "ACTIVE", _links: { suspend: { method: "POST" } } });
    const list = await send({
      method: "GET",
      path: "/v1.0/instances?tenantId=acme&pageSize=5",
      headers: auth(),
    });
    expect(JSON.parse(list.text)).toMatchObject({
      pageSize: 5,
      items: [{ instanceId: operation.instanceId }],
    });
    const followed = await send({ method: "GET", path: created.headers.location ?? "", headers: auth() });
    expect(JSON.parse(followed.text)).toMatchObject({ status: "COMPLETED" });
  });

  it("answers problems over HTTP: 401, 400 for malformed JSON, 404, 405", async () => {
    expectProblem(await send({ method: "GET", path: "/v1.0/instances" }), "API.UNAUTHENTICATED");
    const malformed = await send({
      method: "POST",
      path: "/v1.0/instances",
      body: "{nope",
      headers: { ...auth(), "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
    });
    expectProblem(malformed, "API.MALFORMED_JSON");
    expectProblem(
      await send({ method: "GET", path: "/nothing/here", headers: auth() }),
      "API.ROUTE_NOT_FOUND",
    );
    expectProblem(
      await send({ method: "PUT", path: "/v1.0/instances", headers: auth() }),
      "API.METHOD_NOT_ALLOWED",
    );
  });

  it("reads a chunked body (no Content-Length), and answers a bodiless GET without reading one", async () => {
    const created = await send({
      method: "POST",
      path: "/v1.0/instances",
      body: JSON.stringify({ tenantId: "chunky", environment: "dev" }),
      headers: {
        ...auth(),
        "content-type": "application/json",
        "idempotency-key": crypto.randomUUID(),
        "transfer-encoding": "chunked",
      },
    });
    expect(created.status, created.text).toBe(202);
    const read = await send({
      method: "GET",
      path: `/v1.0/instances/${JSON.parse(created.text).instanceId}`,
      headers: auth(),
    });
    expect(JSON.parse(read.text)).toMatchObject({ tenantId: "chunky" });
  });

  it("refuses a payload over its limit before the handler runs, and closes the connection", async () => {
    const response = await send({
      method: "POST",
      path: "/v1.0/instances",
      body: Buffer.alloc(300 * 1024, 0x20),
      headers: { ...auth(), "content-type": "application/json" },
    });
    expectProblem(response, "API.PAYLOAD_TOO_LARGE");
    expect(response.headers.connection).toBe("close");
  });

  it("passes repeated query parameters joined by commas, as API Gateway does", async () => {
    const response = await send({
      method: "GET",
      path: "/v1.0/instances?state=ACTIVE&state=SUSPENDED",
      headers: auth(),
    });
    expect(expectProblem(response, "API.VALIDATION_FAILED").errors?.[0]).toMatchObject({
      in: "query",
      field: "state",
    });
  });

  it("serves the docs page and the OpenAPI document", async () => {
    const docs = await send({ method: "GET", path: "/docs" });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("<h1>BBWS Instance Management API</h1>");
    const spec = await send({ method: "GET", path: "/openapi.json" });
    expect(JSON.parse(spec.text).paths["/v1.0/instances"]).toBeDefined();
  });
});

describe("static files beside the API (the operator console)", () => {
  it("answers GETs the files claim, and passes everything else to the handler", async () => {
    const withFiles = await startLocalApiServer({
      handler: api.handler,
      logger: silentLogger,
      staticFiles: (path) =>
        path === "/console/"
          ? { status: 200, headers: { "content-type": "text/html" }, body: Buffer.from("<p>console</p>") }
          : undefined,
    });
    try {
      const page = await fetch(`${withFiles.url}/console/`);
      expect([page.status, page.headers.get("content-type"), await page.text()]).toEqual([
        200,
        "text/html",
        "<p>console</p>",
      ]);
      // Not a GET: the handler answers (it has no such route).
      const posted = await fetch(`${withFiles.url}/console/`, { method: "POST" });
      expect(posted.status).toBe(404);
      const list = await fetch(`${withFiles.url}/v1.0/instances`, { headers: auth() });
      expect(list.status).toBe(200);
    } finally {
      await withFiles.close();
    }
  });
});
