import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../domain/routeSpecs.ts";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";
import { isValidProblem } from "../testing/expectProblem.ts";

/**
 * Thousands of generated requests (methods, paths, query strings, headers, bodies, valid
 * and not) through the middy handler: never a 5xx, and every 4xx a valid problem+json
 * whose status matches its code. Logs, metrics and recovery ports are configured, so that
 * their routes answer instead of 501. Accepted operations are completed by the fake services,
 * so instances move through their states while the run goes on.
 */
let api: ApiHarness;
let known = "";

beforeAll(async () => {
  api = await createApiHarness({
    logs: { read: async () => ({ items: [] }) },
    metrics: { read: async (request) => ({ period: request.periodSeconds, series: [] }) },
    replays: {
      start: async (request) => ({
        replayName: request.name,
        from: request.from.toISOString(),
        to: request.to.toISOString(),
        state: "STARTING",
      }),
    },
    deadLetters: { list: async () => [], redrive: async () => [] },
    orphans: {
      scan: async () => ({ scanId: "s", scannedAt: "2026-11-22T10:00:00.000Z", resources: 0, orphans: [] }),
      startCleanup: async () => undefined,
      findCleanup: async () => undefined,
    },
    healthProbes: [{ part: "http", check: async () => ({ outcome: "pass", detail: "200" }) }],
    rateLimit: { ratePerSecond: 1e9, burst: 1e9 },
  });
  known = await api.activeInstance("fuzzone");
});

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    "..",
    "%2e%2e",
    "%00",
    "%E0%A4%A",
    "__proto__",
    "constructor",
    "{instanceId}",
    "a".repeat(300),
  ),
  fc.uuid(),
);
const freshTenant = fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/);
const parameter = fc.record({
  tenantId: fc.oneof(w(3, fc.constantFrom("fuzzone", "acme")), w(1, freshTenant), w(1, nasty)),
  instanceId: fc.oneof(w(4, fc.constant("KNOWN")), w(1, fc.uuid()), w(1, nasty)),
  operationId: fc.oneof(fc.uuid(), nasty),
});
/** Mostly the table's routes with their own method; sometimes another method, or any path. */
const routed = fc.tuple(fc.constantFrom(...ROUTES), parameter).map(([route, values]) => ({
  name: route.name as string,
  method: route.method as string,
  path: route.path.replace(/\{(\w+)\}/g, (_, name: string) => values[name as keyof typeof values] ?? name),
}));
const anyMethod = fc.constantFrom("GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS");
const anyPath = fc.oneof(
  fc.webPath(),
  nasty.map((id) => `/v1.0/instances/${id}/x`),
  fc.constantFrom("/", "/v1.0", "/docs", "/openapi.json"),
);
const target = fc.oneof(
  w(12, routed),
  w(
    2,
    fc.tuple(routed, anyMethod).map(([route, method]) => ({ ...route, method })),
  ),
  w(
    1,
    fc.tuple(anyMethod, anyPath).map(([method, path]) => ({ name: "", method, path })),
  ),
);
const queryValue = fc.oneof(
  fc.string(),
  fc.constantFrom("0", "1", "100", "101", "-1", "1e3", "ACTIVE", "dev", "2026-11-22T10:00:00Z", "abc"),
);
const queryName = fc.oneof(
  w(
    4,
    fc.constantFrom(
      "pageSize",
      "startAt",
      "state",
      "environment",
      "tenantId",
      "limit",
      "nextToken",
      "startTime",
      "endTime",
      "period",
    ),
  ),
  w(1, fc.string()),
);
const query = fc
  .array(fc.tuple(queryName, queryValue), { maxLength: 3 })
  .map((pairs) => new URLSearchParams(pairs).toString());
const validish = fc.record(
  {
    tenantId: fc.oneof(w(2, fc.constantFrom("acme", "fuzzone")), w(3, freshTenant), w(1, fc.string())),
    environment: fc.oneof(w(4, fc.constantFrom("dev", "sit", "prod")), w(1, fc.string())),
    size: fc.oneof(fc.constantFrom("small", "medium", "large"), fc.anything()),
    desiredCount: fc.oneof(w(3, fc.integer({ min: -1, max: 12 })), w(1, fc.double()), w(1, fc.string())),
    wordpressVersion: fc.oneof(w(3, fc.constantFrom("6.4", "6.5.1")), w(1, fc.string())),
    image: fc.string(),
    hostname: fc.oneof(fc.domain(), fc.string()),
    backupId: fc.oneof(fc.uuid(), fc.string()),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);
/** A body the route accepts, most of the time: so that requests get past validation too. */
const fitting: Record<string, fc.Arbitrary<unknown>> = {
  provisionInstance: fc.record({ tenantId: freshTenant, environment: fc.constantFrom("dev", "sit", "prod") }),
  scaleInstance: fc.record({ desiredCount: fc.integer({ min: 1, max: 10 }) }),
  updateInstance: fc.record({ wordpressVersion: fc.constantFrom("6.4", "6.5.1") }),
  restoreInstance: fc.record({ backupId: fc.uuid() }),
  startReplay: fc.record(
    {
      from: fc.constantFrom("2026-11-22T09:00:00Z", "2026-11-01T00:00:00Z"),
      to: fc.constantFrom("2026-11-22T09:30:00Z", "2026-11-22T11:00:00Z"),
      instanceId: fc.oneof(fc.constant("KNOWN"), fc.uuid()),
    },
    { requiredKeys: ["from", "to"] },
  ),
  redriveDeadLetters: fc.record({ consumer: fc.constantFrom("routing", "ledger", "billing") }),
  cleanupOrphans: fc.record({ dryRun: fc.boolean() }),
};
const bodyFor = (name: string) =>
  fc.oneof(
    w(
      6,
      (fitting[name] ?? fc.constant(undefined)).map((value) =>
        value === undefined ? undefined : JSON.stringify(value),
      ),
    ),
    w(6, anyBody),
  );
const anyBody = fc.oneof(
  w(3, fc.constant(undefined)),
  w(
    6,
    validish.map((value) => JSON.stringify(value)),
  ),
  w(
    1,
    fc.jsonValue().map((value) => JSON.stringify(value)),
  ),
  w(1, fc.string()),
  w(
    1,
    fc.constantFrom(
      "{",
      "[",
      '{"a":',
      "null",
      "\u0000",
      '{"__proto__":{"admin":true}}',
      "[".repeat(5000),
      " ".repeat(70_000),
    ),
  ),
);
const headers = fc.record(
  {
    "content-type": fc.oneof(
      w(6, fc.constant("application/json")),
      w(1, fc.constantFrom("text/plain", "application/json; charset=latin1", "application/x+json", "")),
    ),
    "idempotency-key": fc.oneof(
      w(4, fc.uuid()),
      w(2, fc.constantFrom("fuzz-key-0001", "fuzz-key-0002")),
      w(1, fc.string()),
    ),
    authorization: fc.oneof(
      w(8, fc.constant("operator")),
      w(1, fc.constantFrom("viewer", "nobody", "garbage", "none")),
    ),
  },
  { requiredKeys: ["authorization", "content-type"] },
);
const request = target.chain((chosen) =>
  fc.record({ target: fc.constant(chosen), query, body: bodyFor(chosen.name), headers }),
);

describe("fuzz", () => {
  it("never answers 5xx; every 4xx is a valid problem+json", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        request,
        async ({ target: { method, path }, query: queryString, body: raw, headers: sent }) => {
          const url = `${path.replaceAll("KNOWN", known)}${queryString ? `?${queryString}` : ""}`;
          const body = raw?.replaceAll("KNOWN", known);
          const { authorization, ...rest } = sent;
          const token =
            authorization === "none"
              ? null
              : authorization === "garbage"
                ? "x.y.z"
                : api.tokens[authorization as "operator" | "viewer" | "nobody"];
          const response = await api.invoke({
            method,
            path: url,
            token,
            idempotencyKey: null,
            headers: rest,
            ...(body === undefined ? {} : { rawBody: body }),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect(response.status, `${method} ${url} ${body} → ${response.text}`).toBeLessThan(500);
          if (response.status >= 400)
            expect(isValidProblem(response), `${method} ${url} → ${response.text}`).toBe(true);
          // Only operations run in the ledger; a replay or a redrive answers 202 in full.
          if (
            response.status === 202 &&
            response.json.operationId &&
            !response.headers["idempotent-replayed"]
          )
            await api.ledger.complete(String(response.json.instanceId));
        },
      ),
      { numRuns: 4_000 },
    );
    // The generators reach past the front door: successes and every kind of refusal occur.
    for (const status of [200, 202, 400, 401, 403, 404, 405, 409, 413, 415, 422])
      expect(
        statuses.get(status) ?? 0,
        `status ${status} in ${JSON.stringify([...statuses])}`,
      ).toBeGreaterThan(0);
  }, 120_000);
});
