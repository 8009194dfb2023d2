import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { preparedBytesOf } from "../../application/serialisedJson.ts";
import { createClfTime } from "./clfTime.ts";

export interface RawHttpRequest {
  readonly method: string;
  /** The request target as received: `/path?query` (or an absolute URL from a proxy). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
  readonly remoteAddress: string;
  readonly requestId: string;
  readonly now: number;
}

const TEXT_TYPES = /^(application\/([a-z0-9.+-]*\+)?json|text\/|application\/(x-www-form-urlencoded|xml))/i;
// The text of the second last asked for: every request of that second shares it.
const clfTime = createClfTime();

/**
 * The event API Gateway (HTTP API, payload format 2.0) would give the Lambda for this
 * request: lowercased headers with repeats joined by commas, cookies apart, decoded
 * query parameters with repeats joined by commas, text bodies as UTF-8 and any other
 * body base64-encoded. Built for every local request: no work for what is absent.
 */
export function toApiGatewayEvent(request: RawHttpRequest): APIGatewayProxyEventV2 {
  const { path, query } = splitTarget(request.url);
  const headers: Record<string, string> = {};
  const raw = request.headers;
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined || name === "cookie") continue;
    headers[name.toLowerCase()] = typeof value === "string" ? value : value.join(",");
  }
  const host = headers.host ?? "localhost";
  const dot = host.indexOf(".");
  const hasBody = request.body.length > 0;
  const textual = hasBody && TEXT_TYPES.test(headers["content-type"] ?? "");
  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    headers,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: host,
      domainPrefix: dot < 0 ? host : host.slice(0, dot),
      http: {
        method: request.method.toUpperCase(),
        path,
        protocol: "HTTP/1.1",
        sourceIp: request.remoteAddress,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: request.requestId,
      routeKey: "$default",
      stage: "$default",
      time: clfTime(request.now),
      timeEpoch: request.now,
    },
    isBase64Encoded: hasBody && !textual,
  };
  const cookies = cookiesOf(raw.cookie);
  if (cookies.length > 0) event.cookies = cookies;
  if (query) event.queryStringParameters = parametersOf(query);
  if (hasBody) event.body = textual ? request.body.toString("utf8") : request.body.toString("base64");
  return event;
}

function cookiesOf(header: string | readonly string[] | undefined): string[] {
  if (header === undefined) return [];
  return (typeof header === "string" ? header : header.join("; "))
    .split(";")
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie.length > 0);
}

function parametersOf(query: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query))
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  return parameters;
}

function splitTarget(url: string): { path: string; query: string } {
  const target = url.startsWith("/") ? url : toOriginForm(url);
  const mark = target.indexOf("?");
  return mark < 0
    ? { path: target, query: "" }
    : { path: target.slice(0, mark), query: target.slice(mark + 1) };
}

/** A proxy may send an absolute URL (or `*`); API Gateway always sees a path. */
function toOriginForm(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return "/";
  }
}

export interface HttpReply {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  /**
   * The bytes a result prepared (a cached answer's, made once), or else its text as it is:
   * copying a fresh 150 KB page into a Buffer first cost as much as serialising it.
   */
  readonly body: string | Buffer;
}

/**
 * What API Gateway sends back for a Lambda result (a bare string is a 200 JSON body). A result
 * that carries its body's bytes (`PREPARED_BODY`, for exactly its text) is answered with them.
 */
export function fromApiGatewayResult(result: APIGatewayProxyResultV2): HttpReply {
  if (typeof result === "string")
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      body: result,
    };
  const headers: Record<string, string | string[]> = {};
  const given = result.headers ?? {};
  for (const name in given) headers[name.toLowerCase()] = String(given[name]);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body ?? "";
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    body: result.isBase64Encoded ? Buffer.from(body, "base64") : (preparedBytesOf(result, body) ?? body),
  };
}
