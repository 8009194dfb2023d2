import { request } from "node:http";

export interface ProbeAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * One GET straight to a tenant's port with the public Host (Node's fetch drops
 * a custom Host header). X-Forwarded-Proto tells WordPress the scheme the proxy
 * would, so an https site does not redirect the probe.
 */
export function probe(input: {
  port: number;
  path: string;
  url: URL;
  timeoutMs: number;
}): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: "127.0.0.1",
        port: input.port,
        path: input.path,
        method: "GET",
        agent: false,
        headers: { host: input.url.host, "x-forwarded-proto": input.url.protocol.replace(":", "") },
        timeout: input.timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    call.on("timeout", () => call.destroy(new Error(`no answer within ${input.timeoutMs} ms`)));
    call.on("error", reject);
    call.end();
  });
}
