import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { preparedBytesOf } from "../../application/serialisedJson.ts";

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
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * The event API Gateway (HTTP API, payload format 2.0) would give the Lambda for this
 * request: lowercased headers with repeats joined by commas, cookies apart, decoded
 * query parameters with repeats joined by commas, text bodies as UTF-8 and any other
 * body base64-encoded.
 */
export function toApiGatewayEvent(request: RawHttpRequest): APIGatewayProxyEventV2 {
  const { path, query } = splitTarget(request.url);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === "cookie") continue;
    headers[name.toLowerCase()] = typeof value === "string" ? value : value.join(",");
  }
  const cookieHeader = request.headers.cookie;
  const cookies = (typeof cookieHeader === "string" ? cookieHeader : (cookieHeader ?? []).join("; "))
    .split(";")
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie.length > 0);
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query))
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  const textual = TEXT_TYPES.test(headers["content-type"] ?? "");
  const hasBody = request.body.length > 0;
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: query,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: parameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0] ?? "localhost",
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
    ...(hasBody ? { body: textual ? request.body.toString("utf8") : request.body.toString("base64") } : {}),
    isBase64Encoded: hasBody && !textual,
  };
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

/** API Gateway's `requestContext.time`: `22/Nov/2026:10:00:00 +0000`. */
function clfTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, "0");
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
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
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.body ?? "";
  return {
    statusCode: result.statusCode ?? 200,
    headers,
    body: result.isBase64Encoded ? Buffer.from(body, "base64") : (preparedBytesOf(result, body) ?? body),
  };
}
