import type { HealthProbe, ProbeFinding } from "@bbws/contracts";
import { describe, expect, it } from "vitest";
import { HealthResourceSchema } from "../domain/viewSchemas.ts";
import { createApiHarness } from "../testing/createApiHarness.ts";

/** Probes whose findings the test sets; each records the target it was asked about. */
function probes() {
  const findings: Record<string, ProbeFinding> = {
    process: { outcome: "pass", detail: "php group 4242 serves port 41234" },
    http: { outcome: "pass", detail: "GET http://acme.localhost:8080/ answered 200" },
    drift: { outcome: "pass", detail: "all recorded kinds of resource exist" },
  };
  const targets: unknown[] = [];
  const list: HealthProbe[] = Object.keys(findings).map((part) => ({
    part,
    async check(target) {
      targets.push(target);
      const found = findings[part];
      if (!found) throw new Error(`no finding for ${part}`);
      return found;
    },
  }));
  return { findings, targets, list };
}

const healthPath = (instanceId: string) => `/v1.0/instances/${instanceId}/health`;
const types = (items: unknown) => (items as { type: string }[]).map((item) => item.type);

describe("POST .../health: the live check", () => {
  it("runs every probe on the recorded instance, answers each part and records HEALTHY", async () => {
    const { list, targets } = probes();
    const api = await createApiHarness({ healthProbes: list });
    const instanceId = await api.activeInstance("acme");
    const response = await api.invoke({ method: "POST", path: healthPath(instanceId) });
    expect(response.status, response.text).toBe(200);
    const body = HealthResourceSchema.parse(response.json);
    expect(body).toMatchObject({
      status: "HEALTHY",
      watched: true,
      observer: "live-check",
      check: {
        ms: 0,
        parts: [{ part: "process", outcome: "pass", ms: 0 }, { part: "http" }, { part: "drift" }],
      },
    });
    expect(targets[0]).toMatchObject({
      instanceId,
      tenantId: "acme",
      environment: "dev",
      desiredCount: 1,
      url: expect.stringContaining("acme"),
      outputs: { routing: expect.any(Object), storage: expect.any(Object) },
    });
    expect(body._links.check).toEqual({ href: healthPath(instanceId), method: "POST" });
  });

  it("a missing resource makes it DEGRADED with the drift: in GET .../health and on the timeline", async () => {
    const { list, findings } = probes();
    const api = await createApiHarness({ healthProbes: list });
    const instanceId = await api.activeInstance("acme");
    // Listed once before the check: the list's item must not stay as it was (its JSON is cached).
    const before = await api.invoke({ method: "GET", path: "/v1.0/instances" });
    expect(before.json.items).toMatchObject([{ instanceId, healthStatus: "HEALTHY" }]);
    findings.drift = {
      outcome: "warn",
      detail: "missing: storage:database-user",
      drift: ["storage:database-user"],
    };
    const checked = await api.invoke({ method: "POST", path: healthPath(instanceId) });
    expect(checked.json).toMatchObject({
      status: "DEGRADED",
      drift: ["storage:database-user"],
      reason: "drift: missing: storage:database-user",
    });
    const read = await api.invoke({ method: "GET", path: healthPath(instanceId) });
    expect(read.json).toMatchObject({
      status: "DEGRADED",
      drift: ["storage:database-user"],
      since: expect.any(String),
    });
    expect(read.json.check).toBeUndefined();
    const events = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/events` });
    expect(types(events.json.items).slice(-2)).toEqual(["HealthObserved", "InstanceDegraded"]);
    // The list's compact item carries the status and what drifted (the console's health column).
    const listed = await api.invoke({ method: "GET", path: "/v1.0/instances" });
    expect(listed.json.items).toMatchObject([
      { instanceId, healthStatus: "DEGRADED", drift: ["storage:database-user"] },
    ]);
  });

  it("the site not answering is UNHEALTHY; serving again is InstanceRecovered", async () => {
    const { list, findings } = probes();
    const api = await createApiHarness({ healthProbes: list });
    const instanceId = await api.activeInstance("acme");
    findings.http = { outcome: "fail", detail: "GET http://acme.localhost:8080/ answered 502" };
    const down = await api.invoke({ method: "POST", path: healthPath(instanceId) });
    expect(down.json).toMatchObject({
      status: "UNHEALTHY",
      reason: "http: GET http://acme.localhost:8080/ answered 502",
    });
    findings.http = { outcome: "pass", detail: "200" };
    api.clock.now += 60_000;
    const up = await api.invoke({ method: "POST", path: healthPath(instanceId) });
    expect(up.json).toMatchObject({ status: "HEALTHY" });
    const events = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/events` });
    expect(
      types(events.json.items)
        .filter((type) => type !== "HealthObserved")
        .slice(-2),
    ).toEqual(["InstanceDown", "InstanceRecovered"]);
  });

  it("answers under the tenant's routes too, and refuses another tenant's instance", async () => {
    const api = await createApiHarness({ healthProbes: probes().list });
    const instanceId = await api.activeInstance("acme");
    const own = await api.invoke({
      method: "POST",
      path: `/v1.0/tenants/acme/instances/${instanceId}/health`,
    });
    expect(own.status).toBe(200);
    expect(own.json._links?.check?.href).toBe(`/v1.0/tenants/acme/instances/${instanceId}/health`);
    const foreign = await api.invoke({
      method: "POST",
      path: `/v1.0/tenants/beta/instances/${instanceId}/health`,
    });
    expect(foreign.status).toBe(404);
  });

  it("409 for an instance that is not ACTIVE, saying why; 501 when no probes are configured", async () => {
    const api = await createApiHarness({ healthProbes: probes().list });
    const pending = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "beta", environment: "dev" },
    });
    const refused = await api.invoke({ method: "POST", path: healthPath(String(pending.json.instanceId)) });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      code: "API.INSTANCE_NOT_SERVING",
      detail: expect.stringContaining("PENDING_PROVISIONING"),
    });
    const bare = await createApiHarness();
    const instanceId = await bare.activeInstance("acme");
    const missing = await bare.invoke({ method: "POST", path: healthPath(instanceId) });
    expect(missing.status).toBe(501);
    const read = await bare.invoke({ method: "GET", path: healthPath(instanceId) });
    expect(read.json._links?.check).toBeUndefined();
  });
});
