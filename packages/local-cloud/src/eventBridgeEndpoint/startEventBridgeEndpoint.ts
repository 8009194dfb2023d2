import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "@bbws/mesh";
import { awsJsonError, errorBody } from "./awsJsonError.ts";
import { type EventBridgeEndpointDeps, handleEventBridgeRequest } from "./handleEventBridgeRequest.ts";

export interface EventBridgeEndpoint {
  /** `http://127.0.0.1:<port>`: the `endpoint` of an EventBridgeClient, the CLI's `--endpoint-url`. */
  readonly url: string;
  close(): Promise<void>;
}

// Above PutEvents' 256 KB so an oversized request gets EventBridge's own answer, not a cut connection.
const MAX_BODY_BYTES = 1024 * 1024;

/** The EventBridge JSON protocol over HTTP: reads the body, hands it to handleEventBridgeRequest. */
export async function startEventBridgeEndpoint(input: {
  deps: EventBridgeEndpointDeps;
  port: number;
  host: string;
  logger: Logger;
}): Promise<EventBridgeEndpoint> {
  const { deps, logger } = input;
  const server = createServer((req, res) => {
    serve(req, res, deps).catch((error: unknown) => {
      logger.error("events endpoint failed", { error });
      reply(res, 500, { "content-type": "application/x-amz-json-1.1" }, failure("InternalFailure"));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(input.port, input.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${input.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  deps: EventBridgeEndpointDeps,
): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    const tooLarge = awsJsonError(413, "RequestEntityTooLargeException", "Request body over 1 MiB.");
    reply(res, 413, { "content-type": "application/x-amz-json-1.1" }, JSON.stringify(errorBody(tooLarge)));
    return;
  }
  const answer = await handleEventBridgeRequest(
    { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body },
    deps,
  );
  reply(res, answer.status, answer.headers, answer.body);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function reply(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function failure(type: string): string {
  return JSON.stringify(errorBody(awsJsonError(500, type, "The local endpoint failed; see its log.")));
}
