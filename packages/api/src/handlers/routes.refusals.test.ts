import { createJsonLogger } from "@bbws/mesh";
import { beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const provision = (body: unknown) => api.invoke({ method: "POST", path: "/v1.0/instances", body });

describe("404, 405", () => {
  it("unknown routes, instances and operations are 404s", async () => {
    expectProblem(await api.invoke({ method: "GET", path: "/v2/instances" }), "API.ROUTE_NOT_FOUND");
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1x0/instances/6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6" }),
      "API.ROUTE_NOT_FOUND",
    );
    expectProblem(
      await api.invoke({ method: "GET", path: `/v1.0/instances/${crypto.randomUUID()}` }),
      "API.INSTANCE_NOT_FOUND",
    );
    expectProblem(
      await api.invoke({ method: "GET", path: `/v1.0/operations/${crypto.randomUUID()}` }),
      "API.OPERATION_NOT_FOUND",
    );
    const suspend = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${crypto.randomUUID()}/suspend`,
    });
    expectProblem(suspend, "LEDGER.INSTANCE_NOT_FOUND");
  });

  it("a known path with another method is a 405 with Allow", async () => {
    const response = await api.invoke({ method: "PATCH", path: `/v1.0/instances/${crypto.randomUUID()}` });
    expect(expectProblem(response, "API.METHOD_NOT_ALLOWED").allow).toEqual(["GET", "DELETE"]);
    expect(response.headers.allow).toBe("GET, DELETE");
  });
});

describe("409: transitions the state forbids, with the allowed operations", () => {
  it("refuses an action while an operation runs, allowing none", async () => {
    const created = await provision({ tenantId: "acme", environment: "dev" });
    const response = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${created.json.instanceId}/suspend`,
    });
    const problem = expectProblem(response, "LEDGER.OPERATION_IN_PROGRESS");
    expect(problem.allowedOperations).toEqual([]);
  });

  it("refuses resuming an ACTIVE instance, listing what ACTIVE allows", async () => {
    const instanceId = await api.activeInstance("acme");
    const problem = expectProblem(
      await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/resume` }),
      "LEDGER.TRANSITION_FORBIDDEN",
    );
    expect(problem.allowedOperations).toEqual([
      "suspend",
      "scale",
      "updateImage",
      "restart",
      "backup",
      "restore",
      "rotateCredentials",
      "deprovision",
    ]);
    expect(problem.detail).toBe("cannot resume an instance that is ACTIVE");
  });

  it("refuses a second instance for the same tenant and environment, naming the first", async () => {
    const instanceId = await api.activeInstance("acme");
    const problem = expectProblem(
      await provision({ tenantId: "acme", environment: "dev" }),
      "LEDGER.INSTANCE_EXISTS",
    );
    expect(problem.instanceId).toBe(instanceId);
  });

  it("a restore of a backup the instance does not have is a 404", async () => {
    const instanceId = await api.activeInstance("acme");
    const response = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/restore`,
      body: { backupId: crypto.randomUUID() },
    });
    expectProblem(response, "LEDGER.BACKUP_NOT_FOUND");
  });
});

describe("429, 503, 500", () => {
  it("throttles each caller with a token bucket and says when to retry", async () => {
    const limited = await createApiHarness({ rateLimit: { ratePerSecond: 1, burst: 2 } });
    const list = (token?: string) =>
      limited.invoke({ method: "GET", path: "/v1.0/instances", ...(token ? { token } : {}) });
    expect((await list()).status).toBe(200);
    expect((await list()).status).toBe(200);
    const throttled = await list();
    expect(expectProblem(throttled, "API.RATE_LIMITED").retryAfterSeconds).toBe(1);
    expect(throttled.headers["retry-after"]).toBe("1");
    expect((await list(limited.tokens.viewer)).status).toBe(200);
    limited.clock.now += 1_000;
    expect((await list()).status).toBe(200);
  });

  it("a ledger outage is a 503 with Retry-After", async () => {
    const instanceId = await api.activeInstance("acme");
    api.ledger.outage = Object.assign(new Error("ledger commit failed: ThrottlingException"), {
      code: "LEDGER.UNAVAILABLE",
    });
    const response = await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/suspend` });
    expectProblem(response, "LEDGER.UNAVAILABLE");
    expect(response.headers["retry-after"]).toBe("1");
  });

  it("a bug is a 500 that leaks nothing and is logged with its cause", async () => {
    const lines: string[] = [];
    const broken = await createApiHarness({
      logger: createJsonLogger({ write: (line) => lines.push(line) }),
    });
    broken.ledger.outage = new TypeError("Cannot read properties of undefined (reading 'secret')");
    const response = await broken.invoke({ method: "GET", path: `/v1.0/instances/${crypto.randomUUID()}` });
    const problem = expectProblem(response, "API.INTERNAL");
    expect(response.text).not.toContain("secret");
    expect(problem.detail).toContain("report the requestId");
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({
      level: "error",
      requestId: problem.requestId,
      error: { name: "TypeError" },
    });
  });
});
