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
  const failed = (response: ServerResponse) => (error: unknown) => {
    options.logger.error("local API server failed a request", { error });
    if (!response.headersSent) response.writeHead(500).end();
  };
  const server = createServer((request, response) => {
    try {
      serve(request, response)?.catch(failed(response));
    } catch (error) {
      failed(response)(error);
    }
  });

  /** Synchronous up to the handler when there is no body to wait for (every GET). */
  function serve(request: IncomingMessage, response: ServerResponse): Promise<void> | undefined {
    const requestId = randomUUID();
    const url = request.url ?? "/";
    const file = request.method === "GET" ? options.staticFiles?.(pathOf(url)) : undefined;
    if (file) {
      response.writeHead(file.status, { ...file.headers, "content-length": String(file.body.length) });
      response.end(file.body);
      return undefined;
    }
    const body = readBody(request, maxPayloadBytes);
    return body instanceof Promise
      ? body.then((read) => answer(request, response, read, requestId))
      : answer(request, response, body, requestId);
  }

  async function answer(
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer | null,
    requestId: string,
  ): Promise<void> {
    const url = request.url ?? "/";
    if (body === null) return send(response, payloadTooLarge(pathOf(url), requestId, maxPayloadBytes), true);
    const event = toApiGatewayEvent({
      method: request.method ?? "GET",
      url,
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

const NO_BODY = Buffer.alloc(0);

/**
 * The body, or null once it passes the limit (reading stops there). A request with neither
 * Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3): a GET is answered without
 * waiting for the stream's end (a turn of the event loop and three listeners per request).
 */
function readBody(request: IncomingMessage, limit: number): Buffer | null | Promise<Buffer | null> {
  const length = request.headers["content-length"];
  if (length === undefined && request.headers["transfer-encoding"] === undefined) return NO_BODY;
  const declared = Number(length ?? 0);
  if (declared > limit) return null;
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

function pathOf(url: string): string {
  const mark = url.indexOf("?");
  return mark < 0 ? url : url.slice(0, mark);
}

/** After an unread body the connection cannot be reused: close it. */
function send(response: ServerResponse, reply: HttpReply, closeConnection: boolean): void {
  // The reply's headers are its own (fromApiGatewayResult builds them): no copy.
  const headers = reply.headers;
  headers["content-length"] = String(Buffer.byteLength(reply.body));
  if (closeConnection) headers.connection = "close";
  response.writeHead(reply.statusCode, headers);
  response.end(reply.body);
  if (closeConnection) response.once("finish", () => response.req.socket.destroySoon());
}
