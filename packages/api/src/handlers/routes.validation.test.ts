import { beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const provision = (body: unknown, extra: { headers?: Record<string, string>; rawBody?: string } = {}) =>
  api.invoke({ method: "POST", path: "/v1.0/instances", body, ...extra });

describe("400: one entry per invalid field, saying what to fix", () => {
  it("names every invalid, missing and unknown field of a body", async () => {
    const problem = expectProblem(
      await provision({ tenantId: "Acme!", desiredCount: 11, size: "huge", colour: "red" }),
      "API.VALIDATION_FAILED",
    );
    expect(problem.errors).toEqual([
      {
        in: "body",
        field: "tenantId",
        message: expect.stringContaining("tenantId must be 3 to 24 characters"),
      },
      {
        in: "body",
        field: "environment",
        message: "environment is required: environment must be one of dev, sit, prod",
      },
      { in: "body", field: "size", message: "size must be one of small, medium, large" },
      { in: "body", field: "desiredCount", message: "desiredCount must be at most 10" },
      { in: "body", field: "colour", message: "colour is not accepted here; remove it" },
    ]);
  });

  it("asks for wordpressVersion when an image is given", async () => {
    const problem = expectProblem(
      await provision({ tenantId: "acme", environment: "dev", image: "wp:1" }),
      "API.VALIDATION_FAILED",
    );
    expect(problem.errors).toEqual([
      {
        in: "body",
        field: "wordpressVersion",
        message: expect.stringContaining("wordpressVersion is required"),
      },
    ]);
  });

  it("refuses a missing body where one is required, and a body that is not an object", async () => {
    expect(expectProblem(await provision(undefined), "API.VALIDATION_FAILED").errors).toEqual([
      { in: "body", field: "body", message: "send a JSON object body" },
    ]);
    expect(expectProblem(await provision([1, 2]), "API.VALIDATION_FAILED").errors?.[0]?.field).toBe("body");
    const instanceId = await api.activeInstance("acme");
    const scale = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/scale`,
      body: { desiredCount: "3" },
    });
    expect(expectProblem(scale, "API.VALIDATION_FAILED").errors).toEqual([
      { in: "body", field: "desiredCount", message: "desiredCount must be a number" },
    ]);
    const suspend = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/suspend`,
      body: { now: true },
    });
    expect(expectProblem(suspend, "API.VALIDATION_FAILED").errors?.[0]).toMatchObject({ field: "now" });
    const restore = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/restore`,
      body: {},
    });
    expect(expectProblem(restore, "API.VALIDATION_FAILED").errors).toEqual([
      { in: "body", field: "backupId", message: "backupId is required" },
    ]);
  });

  it("validates path parameters and query strings", async () => {
    const path = await api.invoke({ method: "GET", path: "/v1.0/instances/not-a-uuid" });
    expect(expectProblem(path, "API.VALIDATION_FAILED").errors).toEqual([
      { in: "path", field: "instanceId", message: "instanceId must be a UUID" },
    ]);
    const operation = await api.invoke({ method: "GET", path: "/v1.0/operations/42" });
    expect(expectProblem(operation, "API.VALIDATION_FAILED").errors?.[0]?.field).toBe("operationId");
    for (const [query, field] of [
      ["pageSize=0", "pageSize"],
      ["pageSize=101", "pageSize"],
      ["pageSize=ten", "pageSize"],
      ["state=RUNNING", "state"],
      ["environment=qa", "environment"],
      ["sort=name", "sort"],
      ["startAt=%3Cscript%3E", "startAt"],
    ]) {
      const response = await api.invoke({ method: "GET", path: `/v1.0/instances?${query}` });
      expect(expectProblem(response, "API.VALIDATION_FAILED").errors?.[0], query).toMatchObject({
        in: "query",
        field,
      });
    }
  });

  it("bounds logs: limit at most 1000, endTime after startTime, ISO timestamps", async () => {
    const instanceId = await api.activeInstance("acme");
    const logs = (query: string) =>
      api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/logs?${query}` });
    expect(expectProblem(await logs("limit=1001"), "API.VALIDATION_FAILED").errors?.[0]?.message).toBe(
      "limit must be a whole number from 1 to 1000",
    );
    expect(
      expectProblem(
        await logs("startTime=2026-11-22T10:00:00Z&endTime=2026-11-22T09:00:00Z"),
        "API.VALIDATION_FAILED",
      ).errors,
    ).toEqual([{ in: "query", field: "endTime", message: "endTime must not be before startTime" }]);
    expect(expectProblem(await logs("startTime=yesterday"), "API.VALIDATION_FAILED").errors?.[0]?.field).toBe(
      "startTime",
    );
  });

  it("refuses a cursor the store did not issue", async () => {
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1.0/instances?startAt=abc" }),
      "LEDGER.INVALID_CURSOR",
    );
  });

  it("requires a well-formed Idempotency-Key on POST and DELETE", async () => {
    const missing = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev" },
      idempotencyKey: null,
    });
    expect(expectProblem(missing, "API.VALIDATION_FAILED").errors).toEqual([
      { in: "header", field: "Idempotency-Key", message: "Idempotency-Key is required" },
    ]);
    const short = await api.invoke({
      method: "DELETE",
      path: `/v1.0/instances/${crypto.randomUUID()}`,
      idempotencyKey: "abc",
    });
    expect(expectProblem(short, "API.VALIDATION_FAILED").errors?.[0]?.message).toContain(
      "8 to 255 characters",
    );
  });
});

describe("bad bodies are 400, 413 or 415, never 500", () => {
  it("malformed JSON is a 400", async () => {
    expectProblem(await provision(undefined, { rawBody: '{"tenantId": "acme",' }), "API.MALFORMED_JSON");
    expectProblem(await provision(undefined, { rawBody: "\u0000\u0001" }), "API.MALFORMED_JSON");
  });

  it("a body that is not JSON is a 415", async () => {
    expectProblem(
      await provision(undefined, {
        rawBody: "tenantId=acme",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      "API.UNSUPPORTED_MEDIA_TYPE",
    );
    expectProblem(
      await provision(undefined, {
        rawBody: "{}",
        headers: { "content-type": "application/json; charset=latin1" },
      }),
      "API.UNSUPPORTED_MEDIA_TYPE",
    );
    const event = api.eventOf({ method: "POST", path: "/v1.0/instances", rawBody: "x" });
    const binary = {
      ...event,
      headers: { ...event.headers, "content-type": "image/png" },
      body: "iVBORw0KGgo=",
      isBase64Encoded: true,
    };
    expectProblem(await api.invokeEvent(binary), "API.UNSUPPORTED_MEDIA_TYPE");
  });

  it("accepts application/*+json and an explicit UTF-8 charset", async () => {
    const body = JSON.stringify({ tenantId: "acme", environment: "dev" });
    const response = await provision(undefined, {
      rawBody: body,
      headers: { "content-type": "application/merge-patch+json; charset=UTF-8" },
    });
    expect(response.status).toBe(202);
  });

  it("a body over 64 KiB is a 413", async () => {
    expectProblem(
      await provision({ tenantId: "acme", environment: "dev", padding: "x".repeat(70_000) }),
      "API.PAYLOAD_TOO_LARGE",
    );
  });
});
