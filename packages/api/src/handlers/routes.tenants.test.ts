import { beforeEach, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const SUB_RESOURCES = ["status", "health", "logs", "events", "backups", "metrics"];

describe("/v1.0/tenants/{tenantId}/instances", () => {
  it("provisions for the tenant in the path; the body may repeat it, not contradict it", async () => {
    const created = await api.invoke({
      method: "POST",
      path: "/v1.0/tenants/acme/instances",
      body: { environment: "dev" },
    });
    expect(created.status).toBe(202);
    expect(created.json._links?.instance?.href).toBe(
      `/v1.0/tenants/acme/instances/${created.json.instanceId}`,
    );
    const repeated = await api.invoke({
      method: "POST",
      path: "/v1.0/tenants/acme/instances",
      body: { tenantId: "acme", environment: "prod" },
    });
    expect(repeated.status).toBe(202);
    const contradicting = await api.invoke({
      method: "POST",
      path: "/v1.0/tenants/acme/instances",
      body: { tenantId: "beta", environment: "sit" },
    });
    expect(expectProblem(contradicting, "API.VALIDATION_FAILED").errors).toEqual([
      {
        in: "body",
        field: "tenantId",
        message: "tenantId must be acme, the tenant in the path, or left out",
      },
    ]);
    expect(
      api.ledger.commands.map((command) => command.operation === "provision" && command.spec.tenantId),
    ).toEqual(["acme", "acme"]);
  });

  it("lists only the tenant's instances, and refuses a tenantId filter", async () => {
    const acme = await api.activeInstance("acme");
    await api.activeInstance("beta");
    const list = await api.invoke({ method: "GET", path: "/v1.0/tenants/acme/instances" });
    expect((list.json.items as { tenantId: string }[]).map((item) => item.tenantId)).toEqual(["acme"]);
    expect(list.json.items).toMatchObject([
      { _links: { self: { href: `/v1.0/tenants/acme/instances/${acme}`, method: "GET" } } },
    ]);
    expect(list.json._links?.self?.href).toBe("/v1.0/tenants/acme/instances?pageSize=20");
    const filtered = await api.invoke({ method: "GET", path: "/v1.0/tenants/acme/instances?tenantId=beta" });
    expect(expectProblem(filtered, "API.VALIDATION_FAILED").errors?.[0]).toMatchObject({
      in: "query",
      field: "tenantId",
    });
  });

  it("serves the tenant's instance and its sub-resources with tenant-scoped links", async () => {
    const instanceId = await api.activeInstance("acme");
    const base = `/v1.0/tenants/acme/instances/${instanceId}`;
    const read = await api.invoke({ method: "GET", path: base });
    expect(read.status).toBe(200);
    expect(read.json._links?.suspend?.href).toBe(`${base}/suspend`);
    for (const resource of ["status", "health", "events", "backups"]) {
      const response = await api.invoke({ method: "GET", path: `${base}/${resource}` });
      expect(response.status, resource).toBe(200);
      expect(response.json._links?.self?.href).toBe(`${base}/${resource}`);
    }
    const suspend = await api.invoke({ method: "POST", path: `${base}/suspend` });
    expect(suspend.status).toBe(202);
    expect(suspend.json._links?.instance?.href).toBe(base);
  });

  it("answers 404 for another tenant's instance, on every route, without asking the ledger", async () => {
    const instanceId = await api.activeInstance("beta");
    const base = `/v1.0/tenants/acme/instances/${instanceId}`;
    const commandsBefore = api.ledger.commands.length;
    const requests = [
      { method: "GET", path: base },
      { method: "DELETE", path: base },
      ...SUB_RESOURCES.map((resource) => ({ method: "GET", path: `${base}/${resource}` })),
      ...["suspend", "resume", "restart", "backup", "rotate-credentials"].map((verb) => ({
        method: "POST",
        path: `${base}/${verb}`,
      })),
      { method: "POST", path: `${base}/scale`, body: { desiredCount: 2 } },
      { method: "POST", path: `${base}/update`, body: { wordpressVersion: "6.5" } },
      { method: "POST", path: `${base}/restore`, body: { backupId: instanceId } },
    ];
    for (const request of requests) {
      const response = await api.invoke(request);
      expect(
        expectProblem(response, "API.INSTANCE_NOT_FOUND").detail,
        `${request.method} ${request.path}`,
      ).toContain("for tenant acme");
    }
    expect(api.ledger.commands).toHaveLength(commandsBefore);
  });

  it("validates the tenantId in the path", async () => {
    const response = await api.invoke({ method: "GET", path: "/v1.0/tenants/ACME!/instances" });
    expect(expectProblem(response, "API.VALIDATION_FAILED").errors?.[0]).toMatchObject({
      in: "path",
      field: "tenantId",
    });
  });
});
