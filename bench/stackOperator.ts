import { randomBytes, randomUUID } from "node:crypto";
import { request } from "node:http";
import { COGNITO_RESERVED_WORDS } from "@bbws/contracts";

export type Json = Record<string, unknown>;

/**
 * How often the operator looks again, at the API and at the site: as often as the floor looks at
 * health (bench/stackFloor.ts, every 25 ms), so that neither side's figure carries a coarser look.
 * One look at a time: until php runs, the proxy answers a look itself; then a look takes one of
 * php's two workers, and compute's health probe has the other.
 */
const API_POLL_MS = 25;
const SITE_POLL_MS = 25;
const WAIT_LIMIT_MS = 300_000;

/** What an operator does with the REST API and a browser: bearer token, Idempotency-Key per write. */
export function createOperator(input: { apiUrl: string; token: string; proxyPort: number }) {
  const apiUrl = input.apiUrl.replace(/\/$/, "");

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
    const headers: Record<string, string> = { authorization: `Bearer ${input.token}` };
    if (method !== "GET") headers["idempotency-key"] = randomUUID();
    if (body !== undefined) headers["content-type"] = "application/json";
    const answer = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: answer.status, json: (await answer.json()) as Json };
  }

  /** A write the API must accept (201/202); its body. */
  async function send(method: string, path: string, body?: unknown): Promise<Json> {
    const answer = await call(method, path, body);
    if (answer.status !== 201 && answer.status !== 202)
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    return answer.json;
  }

  /** The site's status through the proxy with the tenant's Host header (*.localhost does not resolve in Node). */
  function siteStatus(tenantId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers = { host: `${tenantId}.localhost:${input.proxyPort}` };
      const req = request({ host: "127.0.0.1", port: input.proxyPort, path: "/", headers }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.end();
    });
  }

  async function until<T>(what: string, everyMs: number, look: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const seen = await look();
      if (seen !== undefined) return seen;
      if (Date.now() > deadline) throw new Error(`${what}: not seen within ${WAIT_LIMIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  const untilSite = (tenantId: string, status: number) =>
    until(`${tenantId} answering ${status}`, SITE_POLL_MS, async () =>
      (await siteStatus(tenantId)) === status ? true : undefined,
    );

  /** The instance once `done` holds for it (its operation settled, say). */
  const untilInstance = (instanceId: string, what: string, done: (instance: Json) => boolean) =>
    until(`${instanceId} ${what}`, API_POLL_MS, async () => {
      const { json } = await call("GET", `/v1.0/instances/${instanceId}`);
      if ((json.operation as { status?: string } | undefined)?.status === "FAILED")
        throw new Error(`${instanceId} ${what}: the operation failed: ${JSON.stringify(json.operation)}`);
      return done(json) ? json : undefined;
    });

  return { call, send, siteStatus, untilSite, untilInstance };
}

export type Operator = ReturnType<typeof createOperator>;

/** The last operation of this kind has completed and the instance is in `state`. */
export const completed = (kind: string, state: string) => (instance: Json) => {
  const operation = instance.operation as { kind?: string; status?: string } | undefined;
  return instance.state === state && operation?.kind === kind && operation.status === "COMPLETED";
};

/** Deprovisioned with every resource released: nothing of the tenant is left. */
export const nothingLeft = (instance: Json) =>
  instance.state === "DEPROVISIONED" &&
  Object.values(instance.resources as Record<string, string>).every(
    (status) => status === "released" || status === "absent",
  );

export function benchTenantId(): string {
  for (;;) {
    const tenantId = `bs${randomBytes(6).toString("hex")}`;
    if (!COGNITO_RESERVED_WORDS.some((word) => tenantId.includes(word))) return tenantId;
  }
}
