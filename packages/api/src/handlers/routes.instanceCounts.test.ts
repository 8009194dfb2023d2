import { beforeEach, describe, expect, it } from "vitest";
import { InstanceCountsSchema, InstanceListSchema } from "../domain/viewSchemas.ts";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const ZERO_STATES = {
  PENDING_PROVISIONING: 0,
  PROVISIONING: 0,
  ACTIVE: 0,
  SUSPENDED: 0,
  ROLLING_BACK: 0,
  FAILED: 0,
  PENDING_DEPRO: 0,
  DEPROVISIONED: 0,
};

describe("GET /v1.0/instance-counts", () => {
  it("counts every instance per state and environment, zeros included, past one page of 100", async () => {
    for (let index = 0; index < 102; index += 1) await api.activeInstance(`tenant${index}`, "dev");
    await api.activeInstance("acme", "prod");
    await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "beta", environment: "sit" },
    });
    const answer = await api.invoke({ method: "GET", path: "/v1.0/instance-counts" });
    expect(answer.status).toBe(200);
    expect(InstanceCountsSchema.parse(answer.json)).toEqual({
      total: 104,
      states: { ...ZERO_STATES, ACTIVE: 103, PENDING_PROVISIONING: 1 },
      environments: { dev: 102, sit: 1, prod: 1 },
      _links: { self: { href: "/v1.0/instance-counts", method: "GET" } },
    });
  }, 30_000);

  it("narrows to a tenant and an environment, which its self link repeats", async () => {
    await api.activeInstance("acme", "dev");
    await api.activeInstance("acme", "prod");
    await api.activeInstance("beta", "dev");
    const answer = await api.invoke({
      method: "GET",
      path: "/v1.0/instance-counts?tenantId=acme&environment=dev",
    });
    expect(answer.json).toMatchObject({
      total: 1,
      states: { ...ZERO_STATES, ACTIVE: 1 },
      environments: { dev: 1, sit: 0, prod: 0 },
      _links: { self: { href: "/v1.0/instance-counts?tenantId=acme&environment=dev" } },
    });
  });

  it("is a read: viewers may count; a state filter or an unknown environment is a 400 saying what to fix", async () => {
    const asViewer = await api.invoke({
      method: "GET",
      path: "/v1.0/instance-counts",
      token: api.tokens.viewer,
    });
    expect(asViewer.status).toBe(200);
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1.0/instance-counts?environment=qa" }),
      "API.VALIDATION_FAILED",
    );
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1.0/instance-counts?state=ACTIVE" }),
      "API.VALIDATION_FAILED",
    );
  });
});

describe("the list's provision link", () => {
  it("points where an instance is provisioned, under the tenant when the list is the tenant's", async () => {
    const all = InstanceListSchema.parse((await api.invoke({ method: "GET", path: "/v1.0/instances" })).json);
    expect(all._links.provision).toEqual({ href: "/v1.0/instances", method: "POST" });
    const tenant = await api.invoke({ method: "GET", path: "/v1.0/tenants/acme/instances" });
    expect(tenant.json._links?.provision).toEqual({ href: "/v1.0/tenants/acme/instances", method: "POST" });
  });
});
