import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createLambdaContext } from "@bbws/local-cloud";
import type { Logger } from "@bbws/mesh";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { problemDocument } from "../../domain/problem.ts";
import { fromApiGatewayResult, type HttpReply, toApiGatewayEvent } from "./toApiGatewayEvent.ts";

export type LambdaHttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

export interface LocalApiServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface LocalApiServerOptions {
  /** The same handler the Lambda runs (`createApiHandler(...)`). */
  readonly handler: LambdaHttpHandler;
  readonly logger: Logger;
  readonly port?: number;
  readonly host?: string;
  /** API Gateway refuses payloads over 10 MB before the Lambda runs; this plays that part. */
  readonly maxPayloadBytes?: number;
  readonly clock?: () => number;
  /**
   * Static files served beside the API on GET (the operator console at /console): an answer for
   * the path, or undefined to let the handler answer. On AWS they are a static site of their own.
   */
  readonly staticFiles?: (path: string) => StaticAnswer | undefined;
}

export interface StaticAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/**
 * A Node HTTP server in front of the API's Lambda handler: each request becomes the
 * APIGatewayProxyEventV2 API Gateway would send and each result the HTTP answer it would
 * give. No route lives here; everything is the handler's.
 */
export async function startLocalApiServer(options: LocalApiServerOptions): Promise<LocalApiServer> {
  const clock = options.clock ?? Date.now;
  const maxPayloadBytes = options.maxPayloadBytes ?? 10 * 1024 * 1024;
  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      options.logger.error("local API server failed a request", { error });
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const file = request.method === "GET" ? options.staticFiles?.(path) : undefined;
    if (file) {
      response.writeHead(file.status, { ...file.headers, "content-length": String(file.body.length) });
      response.end(file.body);
      return;
    }
    const body = await readBody(request, maxPayloadBytes);
    if (body === null) return send(response, payloadTooLarge(path, requestId, maxPayloadBytes), true);
    const event = toApiGatewayEvent({
      method: request.method ?? "GET",
      url: request.url ?? "/",
      headers: request.headers,
      body,
      remoteAddress: request.socket.remoteAddress ?? "127.0.0.1",
      requestId,
      now: clock(),
    });
    const context = createLambdaContext({ functionName: "bbws-api", region: "local", requestId, clock });
    send(response, fromApiGatewayResult(await options.handler(event, context)), false);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(":") ? `[${address}]` : address}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The body, or null once it passes the limit (reading stops there). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function payloadTooLarge(path: string, requestId: string, limit: number): HttpReply {
  const { status, body } = problemDocument(
    "API.PAYLOAD_TOO_LARGE",
    `the body is over the ${limit}-byte request limit`,
    {},
    { path, requestId },
  );
  return {
    statusCode: status,
    headers: { "content-type": "application/problem+json; charset=utf-8", "x-request-id": requestId },
    body: JSON.stringify(body),
  };
}

/** After an unread body the connection cannot be reused: close it. */
function send(response: ServerResponse, reply: HttpReply, closeConnection: boolean): void {
  const headers: Record<string, string | string[]> = {
    ...reply.headers,
    "content-length": String(Buffer.byteLength(reply.body)),
  };
  if (closeConnection) headers.connection = "close";
  response.writeHead(reply.statusCode, headers);
  response.end(reply.body);
  if (closeConnection) response.once("finish", () => response.req.socket.destroySoon());
}
