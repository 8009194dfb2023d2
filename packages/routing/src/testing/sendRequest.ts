import { type Agent, type IncomingHttpHeaders, type OutgoingHttpHeaders, request } from "node:http";

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A request to 127.0.0.1 with a chosen Host header: Node's resolver does not resolve
 * `*.localhost`, and fetch() drops a custom Host header.
 */
export function sendRequest(input: {
  port: number;
  host: string;
  path?: string;
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** Written chunk by chunk (chunked transfer encoding unless a content-length is given). */
  body?: readonly Buffer[];
  agent?: Agent;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: "127.0.0.1",
        port: input.port,
        path: input.path ?? "/",
        method: input.method ?? "GET",
        headers: { ...input.headers, host: input.host },
        agent: input.agent ?? false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    for (const chunk of input.body ?? []) outgoing.write(chunk);
    outgoing.end();
  });
}
