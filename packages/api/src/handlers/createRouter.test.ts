import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createRouter, type Route } from "./createRouter.ts";

const answer = (name: string) => async (event: APIGatewayProxyEventV2) => ({
  statusCode: 200,
  body: JSON.stringify({ name, parameters: event.pathParameters ?? null }),
});

const routes: Route[] = [
  { method: "GET", path: "/v1.0/instances", handler: answer("list") },
  { method: "GET", path: "/v1.0/instances/{instanceId}", handler: answer("one") },
  { method: "GET", path: "/v1.0/instances/{instanceId}/status", handler: answer("status") },
  { method: "GET", path: "/v1.0/tenants/{tenantId}/instances/{instanceId}", handler: answer("tenant one") },
  { method: "GET", path: "/v1.0/instance-counts", handler: answer("counts") },
  { method: "DELETE", path: "/v1.0/instances/{instanceId}", handler: answer("delete") },
];

const router = createRouter(routes, ({ method, path }) => {
  throw new Error(`not found: ${method} ${path}`);
});

function event(
  method: string,
  path: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  return {
    requestContext: { http: { method, path } },
    ...(pathParameters ? { pathParameters } : {}),
  } as unknown as APIGatewayProxyEventV2;
}

async function route(method: string, path: string, pathParameters?: Record<string, string>) {
  const signal = new AbortController().signal;
  const result = await router(event(method, path, pathParameters), {} as Context, { signal });
  return JSON.parse((result as { body: string }).body) as { name: string; parameters: unknown };
}

describe("createRouter", () => {
  it("answers a fixed path, with or without a trailing slash", async () => {
    expect(await route("GET", "/v1.0/instances")).toEqual({ name: "list", parameters: null });
    expect(await route("GET", "/v1.0/instances/")).toEqual({ name: "list", parameters: null });
    expect((await route("GET", "/v1.0/instance-counts")).name).toBe("counts");
  });

  it("reads a template's parameters by name, one segment each", async () => {
    expect(await route("GET", "/v1.0/instances/abc")).toEqual({
      name: "one",
      parameters: { instanceId: "abc" },
    });
    expect(await route("GET", "/v1.0/instances/abc/")).toEqual({
      name: "one",
      parameters: { instanceId: "abc" },
    });
    expect(await route("GET", "/v1.0/instances/abc/status")).toEqual({
      name: "status",
      parameters: { instanceId: "abc" },
    });
    expect(await route("GET", "/v1.0/tenants/t1/instances/i1")).toEqual({
      name: "tenant one",
      parameters: { tenantId: "t1", instanceId: "i1" },
    });
    expect(await route("DELETE", "/v1.0/instances/abc")).toEqual({
      name: "delete",
      parameters: { instanceId: "abc" },
    });
  });

  it("keeps parameters the event already has over the template's", async () => {
    expect(await route("GET", "/v1.0/instances/abc", { instanceId: "given", other: "x" })).toEqual({
      name: "one",
      parameters: { instanceId: "given", other: "x" },
    });
  });

  it("leaves everything else to notFound: another method, a dot that is not a dot, an empty or extra segment", async () => {
    for (const [method, path] of [
      ["POST", "/v1.0/instances/abc"],
      ["PATCH", "/v1.0/instances"],
      ["GET", "/v1x0/instances/abc"],
      ["GET", "/v1x0/instances"],
      ["GET", "/v1.0/instances//status"],
      ["GET", "/v1.0/instances/a/b/status"],
      ["GET", "/v1.0/instances/abc/statusx"],
    ] as const)
      await expect(route(method, path)).rejects.toThrow(`not found: ${method} ${path}`);
  });

  it("refuses an event that is not payload v2", async () => {
    const signal = new AbortController().signal;
    expect(() => router({} as APIGatewayProxyEventV2, {} as Context, { signal })).toThrow(
      /Unknown http event format/,
    );
  });
});
