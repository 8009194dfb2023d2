import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import {
  type AwsJsonError,
  awsJsonError,
  MISSING_AUTHENTICATION,
  SIGNATURE_MISMATCH,
  UNRECOGNIZED_CLIENT,
} from "./awsJsonError.ts";

/** The parts of an HTTP request a SigV4 signature covers. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as received: path and query, e.g. `/` or `/a?b=c`. */
  readonly url: string;
  /** Lower-case names, as Node's http module gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
}

export interface SigV4Policy {
  /** The secret of an access key id, or undefined for a key this endpoint does not know. */
  readonly secretOf: (accessKeyId: string) => string | undefined;
  /** The service name in the credential scope (`events`). */
  readonly service: string;
  /** Epoch ms, to refuse stale or future-dated signatures as AWS does. */
  readonly now: number;
}

export type SigV4Result =
  | { readonly ok: true; readonly accessKeyId: string; readonly region: string }
  | { readonly ok: false; readonly error: AwsJsonError };

const ALGORITHM = "AWS4-HMAC-SHA256";
// AWS refuses a signature dated more than 15 minutes away from its clock ("Signature expired").
const MAX_SKEW_MS = 15 * 60 * 1000;

interface Authorization {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * Verifies an `Authorization: AWS4-HMAC-SHA256 ...` header the way AWS does (canonical request,
 * string to sign, derived signing key), and answers with the error shape AWS would send.
 */
export function verifySigV4(request: SignedRequest, policy: SigV4Policy): SigV4Result {
  const header = headerValue(request.headers, "authorization");
  if (header === undefined) return fail(MISSING_AUTHENTICATION);
  const parsed = parseAuthorization(header);
  if ("error" in parsed) return fail(parsed.error);
  const problem = scopeProblem(request, parsed, policy);
  if (problem) return fail(problem);
  const secret = policy.secretOf(parsed.accessKeyId);
  if (secret === undefined) return fail(UNRECOGNIZED_CLIENT);
  const amzDate = headerValue(request.headers, "x-amz-date") ?? "";
  const expected = signatureOf(request, parsed, { secret, amzDate });
  const given = Buffer.from(parsed.signature, "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fail(SIGNATURE_MISMATCH);
  return { ok: true, accessKeyId: parsed.accessKeyId, region: parsed.region };
}

function fail(error: AwsJsonError): SigV4Result {
  return { ok: false, error };
}

function parseAuthorization(header: string): Authorization | { error: AwsJsonError } {
  const incomplete = (what: string) =>
    awsJsonError(400, "IncompleteSignatureException", `${what} Authorization=${header.slice(0, 60)}`);
  if (!header.startsWith(`${ALGORITHM} `))
    return { error: incomplete(`Authorization header requires the ${ALGORITHM} algorithm.`) };
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(",")) {
    const [name, ...value] = part.trim().split("=");
    if (name) fields.set(name, value.join("="));
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((name) => !fields.get(name));
  if (missing.length > 0)
    return {
      error: incomplete(
        missing.map((name) => `Authorization header requires '${name}' parameter.`).join(" "),
      ),
    };
  const [accessKeyId, date, region, service, terminator] = (fields.get("Credential") ?? "").split("/");
  if (!accessKeyId || !date || !region || !service || terminator !== "aws4_request")
    return { error: incomplete("Credential must be <access key>/<date>/<region>/<service>/aws4_request.") };
  const signedHeaders = (fields.get("SignedHeaders") ?? "").split(";");
  return { accessKeyId, date, region, service, signedHeaders, signature: fields.get("Signature") ?? "" };
}

function scopeProblem(
  request: SignedRequest,
  auth: Authorization,
  policy: SigV4Policy,
): AwsJsonError | undefined {
  const invalid = (message: string) => awsJsonError(403, "InvalidSignatureException", message);
  if (auth.service !== policy.service)
    return invalid(`Credential should be scoped to correct service: '${policy.service}'.`);
  if (!auth.signedHeaders.includes("host") || !auth.signedHeaders.includes("x-amz-date"))
    return invalid("'Host' and 'X-Amz-Date' must be signed headers.");
  const amzDate = headerValue(request.headers, "x-amz-date") ?? "";
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return invalid("X-Amz-Date must be a date like 20261205T100000Z.");
  if (!amzDate.startsWith(auth.date))
    return invalid(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'.`,
    );
  if (Math.abs(policy.now - signedAt) > MAX_SKEW_MS)
    return invalid(
      `Signature expired: ${amzDate} is more than 15 min away from ${formatAmzDate(policy.now)}.`,
    );
  return undefined;
}

function signatureOf(
  request: SignedRequest,
  auth: Authorization,
  keys: { secret: string; amzDate: string },
): Buffer {
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = [ALGORITHM, keys.amzDate, scope, sha256(canonicalRequest(request, auth))].join("\n");
  let key: Buffer = hmac(`AWS4${keys.secret}`, auth.date);
  for (const part of [auth.region, auth.service, "aws4_request"]) key = hmac(key, part);
  return Buffer.from(hmac(key, stringToSign).toString("hex"), "utf8");
}

function canonicalRequest(request: SignedRequest, auth: Authorization): string {
  const [path = "/", query = ""] = request.url.split("?", 2);
  const headers = auth.signedHeaders.map(
    (name) => `${name}:${(headerValue(request.headers, name) ?? "").trim().replace(/\s+/g, " ")}\n`,
  );
  // The body's own hash, never a client's x-amz-content-sha256 claim, or a changed body would pass.
  const payloadHash = sha256(request.body);
  return [
    request.method.toUpperCase(),
    canonicalPath(path),
    canonicalQuery(query),
    headers.join(""),
    auth.signedHeaders.join(";"),
    payloadHash,
  ].join("\n");
}

// Services other than S3 sign the path URI-encoded once more than it travels.
function canonicalPath(path: string): string {
  return path
    .split("/")
    .map((segment) => encodeRfc3986(segment))
    .join("/");
}

function canonicalQuery(query: string): string {
  if (query === "") return "";
  const pairs = query.split("&").map((pair) => {
    const [name = "", value = ""] = pair.split("=", 2);
    return [encodeRfc3986(decodeURIComponent(name)), encodeRfc3986(decodeURIComponent(value))] as const;
  });
  pairs.sort(([a, x], [b, y]) => (a === b ? compare(x, y) : compare(a, b)));
  return pairs.map(([name, value]) => `${name}=${value}`).join("&");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function headerValue(headers: SignedRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : (value as string | undefined);
}

function parseAmzDate(value: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
}

function formatAmzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}
