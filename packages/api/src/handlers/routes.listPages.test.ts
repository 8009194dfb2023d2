import { createLambdaContext } from "@bbws/local-cloud";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { InstanceListSchema } from "../domain/viewSchemas.ts";
import { type ApiHarness, createApiHarness, type TestRequest } from "../testing/createApiHarness.ts";
import { createApiHandler } from "./createApiHandler.ts";

// A list page is kept while the memory store's write count stays (listPageCache.ts): every
// write must show in the next page, to every caller, under every scope, query and cursor.
let api: ApiHarness;
let storeLists: ReturnType<typeof vi.spyOn>;
beforeEach(async () => {
  api = await createApiHarness();
  storeLists = vi.spyOn(api.ledger.store, "list");
});

const listed = async (path: string) => {
  const response = await api.invoke({ method: "GET", path });
  expect(response.status).toBe(200);
  return InstanceListSchema.parse(response.json);
};
const tenantsOf = async (path: string) => (await listed(path)).items.map((item) => item.tenantId);

describe("GET list pages kept between writes", () => {
  it("answers a repeated page without asking the store, and shows a write in the very next page", async () => {
    const acme = await api.activeInstance("acme");
    storeLists.mockClear();
    const first = await api.invoke({ method: "GET", path: "/v1.0/instances" });
    const again = await api.invoke({ method: "GET", path: "/v1.0/instances" });
    expect(again.text).toBe(first.text);
    expect(storeLists).toHaveBeenCalledTimes(1);

    api.clock.now += 1_000;
    await api.activeInstance("beta");
    expect(await tenantsOf("/v1.0/instances")).toEqual(["acme", "beta"]);
    await api.invoke({ method: "POST", path: `/v1.0/instances/${acme}/suspend` });
    expect((await listed("/v1.0/instances")).items[0]?.operation).toEqual({
      kind: "suspend",
      status: "PENDING",
    });
    await api.ledger.complete(acme);
    expect((await listed("/v1.0/instances")).items[0]?.state).toBe("SUSPENDED");
  });

  it("never answers one tenant's scope with another's page", async () => {
    await api.activeInstance("acme");
    await api.activeInstance("beta");
    for (let round = 0; round < 2; round += 1) {
      expect(await tenantsOf("/v1.0/tenants/acme/instances")).toEqual(["acme"]);
      expect(await tenantsOf("/v1.0/tenants/beta/instances")).toEqual(["beta"]);
      expect(await tenantsOf("/v1.0/tenants/gamma/instances")).toEqual([]);
    }
    const scoped = await listed("/v1.0/tenants/acme/instances");
    const filtered = await listed("/v1.0/instances?tenantId=acme");
    expect(scoped._links.self?.href).toBe("/v1.0/tenants/acme/instances?pageSize=20");
    expect(filtered._links.self?.href).toBe("/v1.0/instances?tenantId=acme&pageSize=20");
    expect(scoped.items[0]?._links.self.href).toMatch(/^\/v1\.0\/tenants\/acme\/instances\//);
    expect(filtered.items[0]?._links.self.href).toMatch(/^\/v1\.0\/instances\//);
  });

  it("answers each query its own page", async () => {
    const acme = await api.activeInstance("acme");
    api.clock.now += 1_000;
    await api.activeInstance("beta", "sit");
    await api.invoke({ method: "POST", path: `/v1.0/instances/${acme}/suspend` });
    await api.ledger.complete(acme);
    expect(await tenantsOf("/v1.0/instances")).toEqual(["acme", "beta"]);
    expect(await tenantsOf("/v1.0/instances?state=ACTIVE")).toEqual(["beta"]);
    expect(await tenantsOf("/v1.0/instances?state=SUSPENDED")).toEqual(["acme"]);
    expect(await tenantsOf("/v1.0/instances?environment=sit")).toEqual(["beta"]);
    expect(await tenantsOf("/v1.0/instances?search=ac")).toEqual(["acme"]);
    expect(await tenantsOf("/v1.0/instances?pageSize=1")).toEqual(["acme"]);
    expect((await listed("/v1.0/instances?pageSize=1")).pageSize).toBe(1);
    expect((await listed("/v1.0/instances?pageSize=2")).pageSize).toBe(2);
  });

  it("follows cursors, and a write between two pages shows in the second", async () => {
    for (const tenant of ["aaa", "bbb", "ccc"]) {
      await api.activeInstance(tenant);
      api.clock.now += 1_000;
    }
    const first = await listed("/v1.0/instances?pageSize=2");
    expect(first.items.map((item) => item.tenantId)).toEqual(["aaa", "bbb"]);
    const next = first._links.next?.href ?? "";
    expect(await tenantsOf(next)).toEqual(["ccc"]);
    await api.activeInstance("ddd");
    expect(await tenantsOf(next)).toEqual(["ccc", "ddd"]);
    expect(await tenantsOf("/v1.0/instances?pageSize=2&startAt=4")).toEqual([]);
    const invalid = await api.invoke({ method: "GET", path: "/v1.0/instances?startAt=nope" });
    expect(invalid.status).toBe(400);
  });

  it("asks the store for every page where it has no write count (DynamoDB)", async () => {
    await api.activeInstance("acme");
    const { writeCount: _none, ...queries } = api.deps.queries;
    const handler = createApiHandler({ ...api.deps, queries });
    storeLists.mockClear();
    const invoke = async (request: TestRequest) => {
      const event = api.eventOf(request);
      const context = createLambdaContext({
        functionName: "api",
        region: "local",
        requestId: event.requestContext.requestId,
        clock: () => api.clock.now,
      });
      return (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    };
    const first = await invoke({ method: "GET", path: "/v1.0/instances" });
    const again = await invoke({ method: "GET", path: "/v1.0/instances" });
    expect(again.body).toBe(first.body);
    expect(storeLists).toHaveBeenCalledTimes(2);
  });
});
