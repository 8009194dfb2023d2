import { beforeEach, describe, expect, it } from "vitest";
import {
  InstanceListSchema,
  InstanceResourceSchema,
  OperationResourceSchema,
} from "../domain/viewSchemas.ts";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const rels = (links: Record<string, unknown> | undefined) => Object.keys(links ?? {}).sort();
const READ_RELS = ["backups", "events", "health", "logs", "metrics", "operation", "self", "status"];

describe("POST /v1.0/instances", () => {
  it("answers 202 with the provision operation and a Location that serves it", async () => {
    const response = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev" },
    });
    expect(response.status).toBe(202);
    const operation = OperationResourceSchema.parse(response.json);
    expect(operation).toMatchObject({ kind: "provision", status: "PENDING" });
    expect(response.headers.location).toBe(`/v1.0/operations/${operation.operationId}`);
    const followed = await api.invoke({ method: "GET", path: response.headers.location ?? "" });
    expect(followed.status).toBe(200);
    expect(followed.json).toMatchObject({
      operationId: operation.operationId,
      instanceId: operation.instanceId,
    });
    expect(followed.json._links?.instance?.href).toBe(`/v1.0/instances/${operation.instanceId}`);
  });

  it("fills the spec with buildInstanceSpec and the configured defaults", async () => {
    await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "sit" },
    });
    expect(api.ledger.commands[0]).toMatchObject({
      operation: "provision",
      requestedBy: "olga",
      spec: {
        tenantId: "acme",
        environment: "sit",
        size: "small",
        desiredCount: 1,
        wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
        hostname: "acme.sites.example.com",
      },
    });
  });

  it("takes size, desiredCount, wordpressVersion (image from the template), image and hostname", async () => {
    await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev", size: "large", desiredCount: 4, wordpressVersion: "6.5" },
    });
    await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: {
        tenantId: "beta",
        environment: "dev",
        wordpressVersion: "6.6.1",
        image: "registry.local/wp:6.6.1",
        hostname: "www.beta.example.org",
      },
    });
    expect(api.ledger.commands.map((command) => command.operation === "provision" && command.spec)).toEqual([
      expect.objectContaining({
        size: "large",
        desiredCount: 4,
        wordpress: { version: "6.5", image: "wordpress:6.5-php8.2-apache" },
      }),
      expect.objectContaining({
        wordpress: { version: "6.6.1", image: "registry.local/wp:6.6.1" },
        hostname: "www.beta.example.org",
      }),
    ]);
  });
});

describe("GET /v1.0/instances/{instanceId}", () => {
  it("offers no action while the provisioning operation is open", async () => {
    const response = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev" },
    });
    const read = await api.invoke({ method: "GET", path: `/v1.0/instances/${response.json.instanceId}` });
    expect(read.status).toBe(200);
    expect(InstanceResourceSchema.parse(read.json).state).toBe("PENDING_PROVISIONING");
    expect(rels(read.json._links)).toEqual(READ_RELS);
  });

  it("offers exactly the actions an ACTIVE instance allows, then a SUSPENDED one", async () => {
    const instanceId = await api.activeInstance("acme");
    const active = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}` });
    expect(active.json).toMatchObject({ state: "ACTIVE", url: "http://acme.localhost:8080/" });
    expect(rels(active.json._links)).toEqual(
      [
        ...READ_RELS,
        "backup",
        "deprovision",
        "restart",
        "restore",
        "rotate-credentials",
        "scale",
        "suspend",
        "update",
      ].sort(),
    );
    expect(active.json._links?.deprovision).toEqual({
      href: `/v1.0/instances/${instanceId}`,
      method: "DELETE",
    });
    expect(active.json._links?.suspend).toEqual({
      href: `/v1.0/instances/${instanceId}/suspend`,
      method: "POST",
    });
    await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/suspend` });
    await api.ledger.complete(instanceId);
    const suspended = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}` });
    expect(rels(suspended.json._links)).toEqual(
      [...READ_RELS, "backup", "deprovision", "restore", "resume"].sort(),
    );
  });
});

describe("GET /v1.0/instances", () => {
  it("filters by tenantId, state and environment", async () => {
    // The ledger lists by creation time (then instanceId): a second apart, the order is this one.
    const acme = await api.activeInstance("acme", "dev");
    api.clock.now += 1_000;
    await api.activeInstance("acme", "prod");
    api.clock.now += 1_000;
    await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "beta", environment: "dev" },
    });
    const ids = async (query: string) =>
      InstanceListSchema.parse(
        (await api.invoke({ method: "GET", path: `/v1.0/instances${query}` })).json,
      ).items.map((item) => `${item.tenantId}/${item.environment}/${item.state}`);
    expect(await ids("")).toHaveLength(3);
    expect(await ids("?tenantId=acme")).toEqual(["acme/dev/ACTIVE", "acme/prod/ACTIVE"]);
    expect(await ids("?state=PENDING_PROVISIONING")).toEqual(["beta/dev/PENDING_PROVISIONING"]);
    expect(await ids("?environment=dev&state=ACTIVE")).toEqual(["acme/dev/ACTIVE"]);
    // "acm", not "ac": instanceIds are random UUIDs, and one in 256 starts with "ac" (a hex prefix).
    expect(await ids("?search=acm")).toEqual(["acme/dev/ACTIVE", "acme/prod/ACTIVE"]);
    expect(await ids("?search=cme")).toEqual([]);
    expect(await ids(`?search=${acme.slice(0, 13)}`)).toEqual(["acme/dev/ACTIVE"]);
    const refused = await api.invoke({ method: "GET", path: "/v1.0/instances?search=ACME" });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain("search must be 1 to 64 lowercase letters");
  });

  it("answers compact items: the table's columns and a self link to the whole instance", async () => {
    const acme = await api.activeInstance("acme", "dev");
    const list = InstanceListSchema.parse(
      (await api.invoke({ method: "GET", path: "/v1.0/instances?tenantId=acme" })).json,
    );
    const full = InstanceResourceSchema.parse(
      (await api.invoke({ method: "GET", path: `/v1.0/instances/${acme}` })).json,
    );
    expect(list.items).toEqual([
      {
        instanceId: acme,
        tenantId: "acme",
        environment: "dev",
        state: "ACTIVE",
        healthStatus: "HEALTHY",
        operation: { kind: "provision", status: "COMPLETED" },
        createdAt: full.createdAt,
        _links: { self: { href: `/v1.0/instances/${acme}`, method: "GET" } },
      },
    ]);
    // The rest (spec, resources, backups, the action links) is one GET away, not in every page.
    const followed = await api.invoke({ method: "GET", path: list.items[0]?._links.self.href ?? "" });
    expect(followed.json).toEqual(full);
    expect(full._links.suspend).toEqual({ href: `/v1.0/instances/${acme}/suspend`, method: "POST" });
  });

  it("pages with pageSize, moreAvailable, nextStartAt and a next link", async () => {
    // A second apart, as above: the order is the tenants'.
    for (const tenant of ["aaa", "bbb", "ccc", "ddd", "eee"]) {
      await api.activeInstance(tenant);
      api.clock.now += 1_000;
    }
    const first = await api.invoke({ method: "GET", path: "/v1.0/instances?pageSize=2" });
    expect(first.json).toMatchObject({ pageSize: 2, moreAvailable: true, nextStartAt: "2" });
    expect(first.json._links?.next?.href).toBe("/v1.0/instances?pageSize=2&startAt=2");
    const seen = (first.json.items as { tenantId: string }[]).map((item) => item.tenantId);
    let next = first.json._links?.next?.href;
    while (next) {
      const page = await api.invoke({ method: "GET", path: next });
      seen.push(...(page.json.items as { tenantId: string }[]).map((item) => item.tenantId));
      next = page.json._links?.next?.href;
      if (!next) expect(page.json).toMatchObject({ moreAvailable: false });
    }
    expect(seen).toEqual(["aaa", "bbb", "ccc", "ddd", "eee"]);
  });

  it("defaults to pages of 20", async () => {
    const list = await api.invoke({ method: "GET", path: "/v1.0/instances" });
    expect(list.json).toMatchObject({ items: [], pageSize: 20, moreAvailable: false });
  });
});

// Each item's and each instance's JSON is cached while the ledger's record is unchanged
// (viewJsonCache.ts): whatever changes must show in the next answer, to every caller.
describe("GET answers after a change (the JSON cached per unchanged record)", () => {
  const listed = async (path = "/v1.0/instances", token?: string) =>
    InstanceListSchema.parse((await api.invoke({ method: "GET", path, ...(token ? { token } : {}) })).json);

  it("shows an instance's change in the next list and the next read", async () => {
    const acme = await api.activeInstance("acme");
    const read = async () =>
      InstanceResourceSchema.parse(
        (await api.invoke({ method: "GET", path: `/v1.0/instances/${acme}` })).json,
      );
    expect((await listed()).items[0]).toMatchObject({ state: "ACTIVE", operation: { kind: "provision" } });
    expect((await read())._links.suspend).toBeDefined();

    await api.invoke({ method: "POST", path: `/v1.0/instances/${acme}/suspend` });
    expect((await listed()).items[0]?.operation).toEqual({ kind: "suspend", status: "PENDING" });
    expect(rels((await read())._links)).toEqual(READ_RELS);

    await api.ledger.complete(acme);
    expect((await listed()).items[0]).toMatchObject({
      state: "SUSPENDED",
      operation: { kind: "suspend", status: "COMPLETED" },
    });
    const suspended = await read();
    expect(suspended.state).toBe("SUSPENDED");
    expect(suspended._links.resume).toEqual({ href: `/v1.0/instances/${acme}/resume`, method: "POST" });
  });

  it("links each item under the route it was asked through, whichever was asked first", async () => {
    const acme = await api.activeInstance("acme");
    await api.activeInstance("beta");
    const global = `/v1.0/instances/${acme}`;
    const scoped = `/v1.0/tenants/acme/instances/${acme}`;
    const hrefs = async (path: string) => (await listed(path)).items.map((item) => item._links.self.href);
    expect(await hrefs("/v1.0/instances?tenantId=acme")).toEqual([global]);
    expect(await hrefs("/v1.0/tenants/acme/instances")).toEqual([scoped]);
    expect(await hrefs("/v1.0/instances?tenantId=acme")).toEqual([global]);
    expect(await hrefs("/v1.0/tenants/beta/instances")).not.toContain(scoped);
    expect((await listed("/v1.0/tenants/beta/instances")).items.map((item) => item.tenantId)).toEqual([
      "beta",
    ]);

    const read = async (path: string) =>
      InstanceResourceSchema.parse((await api.invoke({ method: "GET", path })).json);
    expect((await read(global))._links.suspend?.href).toBe(`${global}/suspend`);
    expect((await read(scoped))._links.suspend?.href).toBe(`${scoped}/suspend`);
    expect((await read(global))._links.self?.href).toBe(global);
    // Another tenant's path does not reach it, cached or not.
    expect((await api.invoke({ method: "GET", path: `/v1.0/tenants/beta/instances/${acme}` })).status).toBe(
      404,
    );
  });

  it("builds the page's own links from each request's query, around the same items", async () => {
    for (const tenant of ["aaa", "bbb", "ccc"]) {
      await api.activeInstance(tenant);
      api.clock.now += 1_000;
    }
    const all = await listed("/v1.0/instances?pageSize=3");
    const two = await listed("/v1.0/instances?pageSize=2&environment=dev");
    expect(all._links.self?.href).toBe("/v1.0/instances?pageSize=3");
    expect(all._links.next).toBeUndefined();
    expect(two._links.self?.href).toBe("/v1.0/instances?environment=dev&pageSize=2");
    expect(two._links.next?.href).toBe("/v1.0/instances?environment=dev&pageSize=2&startAt=2");
    expect(two.items).toEqual(all.items.slice(0, 2));
  });

  it("answers a viewer and an operator the same items, and the viewer sees a change too", async () => {
    const acme = await api.activeInstance("acme");
    const asViewer = await listed("/v1.0/instances", api.tokens.viewer);
    expect(asViewer.items).toEqual((await listed()).items);
    await api.invoke({ method: "POST", path: `/v1.0/instances/${acme}/suspend` });
    expect((await listed("/v1.0/instances", api.tokens.viewer)).items[0]?.operation.kind).toBe("suspend");
  });
});
