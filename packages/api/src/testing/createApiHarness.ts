import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HealthProbe } from "@bbws/contracts";
import { createLambdaContext } from "@bbws/local-cloud";
import { type Logger, silentLogger } from "@bbws/mesh";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { createLedgerHealthChecks } from "../adapters/ledger/createLedgerHealthChecks.ts";
import {
  createLedgerInstanceCommands,
  createLedgerInstanceQueries,
} from "../adapters/ledger/createLedgerInstanceQueries.ts";
import { createLocalIssuer, type LocalIssuer } from "../adapters/local/createLocalIssuer.ts";
import { createLocalTokenVerifier } from "../adapters/local/createLocalTokenVerifier.ts";
import { toApiGatewayEvent } from "../adapters/local/toApiGatewayEvent.ts";
import { createMemoryIdempotencyStore } from "../adapters/memory/createMemoryIdempotencyStore.ts";
import { type ApiDeps, createApiHandler } from "../handlers/createApiHandler.ts";
import { createTestLedger } from "./createTestLedger.ts";

export const WORDPRESS = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };
export const DEFAULTS = {
  wordpress: WORDPRESS,
  baseDomain: "sites.example.com",
  imageTemplate: "wordpress:{version}-php8.2-apache",
};

export interface TestRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** Sent as is (a string body is not JSON-encoded). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  /** Default: the operator's token; null: no Authorization header. */
  readonly token?: string | null;
  readonly idempotencyKey?: string | null;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly json: Record<string, unknown> & { _links?: Record<string, { href: string; method?: string }> };
}

let sharedIssuer: Promise<LocalIssuer> | undefined;

/** One RSA key per test worker: generating one takes a few hundred milliseconds. */
export function testIssuer(): Promise<LocalIssuer> {
  sharedIssuer ??= mkdtemp(join(tmpdir(), "bbws-api-")).then((dataDir) => createLocalIssuer({ dataDir }));
  return sharedIssuer;
}

/** The API's middy handler over the real ledger (memory store), a memory idempotency store and the local issuer. */
export async function createApiHarness(
  overrides: Partial<ApiDeps> & { logger?: Logger; healthProbes?: readonly HealthProbe[] } = {},
) {
  const issuer = await testIssuer();
  const clock = { now: Date.parse("2026-11-22T10:00:00.000Z") };
  const ledger = createTestLedger({ now: () => clock.now, specDefaults: DEFAULTS });
  const { healthProbes, ...rest } = overrides;
  const health = healthProbes
    ? {
        health: createLedgerHealthChecks({
          store: ledger.store,
          handleEvent: ledger.handleEvent,
          probes: healthProbes,
        }),
      }
    : {};
  const deps: ApiDeps = {
    commands: createLedgerInstanceCommands(ledger),
    queries: createLedgerInstanceQueries(ledger.store),
    idempotency: createMemoryIdempotencyStore(),
    auth: { mode: "verify", verifier: createLocalTokenVerifier(issuer) },
    defaults: DEFAULTS,
    logger: silentLogger,
    clock: () => clock.now,
    rateLimit: { ratePerSecond: 1_000, burst: 1_000 },
    ...health,
    ...rest,
  };
  const handler = createApiHandler(deps);
  const tokens = {
    operator: await issuer.mintToken({
      groups: ["platform-operators"],
      subject: "operator-1",
      username: "olga",
    }),
    viewer: await issuer.mintToken({ groups: ["platform-viewers"], subject: "viewer-1", username: "vic" }),
    nobody: await issuer.mintToken({ groups: [], subject: "nobody-1" }),
  };

  async function invokeEvent(event: APIGatewayProxyEventV2): Promise<TestResponse> {
    const context = createLambdaContext({
      functionName: "api",
      region: "local",
      requestId: event.requestContext.requestId,
      clock: () => clock.now,
    });
    const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    const text = result.body ?? "";
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    let json: TestResponse["json"] = {};
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: result.statusCode ?? 200, headers, text, json };
  }

  function eventOf(request: TestRequest): APIGatewayProxyEventV2 {
    const token = request.token === undefined ? tokens.operator : request.token;
    const write = request.method !== "GET";
    const key = request.idempotencyKey === undefined ? (write ? randomUUID() : null) : request.idempotencyKey;
    const body = request.rawBody ?? (request.body === undefined ? "" : JSON.stringify(request.body));
    return toApiGatewayEvent({
      method: request.method,
      url: request.path,
      headers: {
        host: "api.local",
        ...(body ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(key ? { "idempotency-key": key } : {}),
        ...request.headers,
      },
      body: Buffer.from(body, "utf8"),
      remoteAddress: "127.0.0.1",
      requestId: randomUUID(),
      now: clock.now,
    });
  }

  const invoke = (request: TestRequest) => invokeEvent(eventOf(request));

  /** Provisions through the API and lets the services answer the ledger: an ACTIVE instance. */
  async function activeInstance(tenantId: string, environment = "dev"): Promise<string> {
    const response = await invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId, environment },
    });
    if (response.status !== 202) throw new Error(`provision failed: ${response.text}`);
    const instanceId = String(response.json.instanceId);
    await ledger.complete(instanceId);
    return instanceId;
  }

  return { handler, ledger, deps, issuer, tokens, clock, invoke, invokeEvent, eventOf, activeInstance };
}

export type ApiHarness = Awaited<ReturnType<typeof createApiHarness>>;
