import { describe, expect, it } from "vitest";
import { TenantMetricsResourceSchema } from "../domain/viewSchemas.ts";
import type { MetricsRequest } from "../ports.ts";
import { createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

const t1 = "2026-11-22T09:00:00.000Z";
const t2 = "2026-11-22T09:05:00.000Z";

/** Each instance reports CPU at t1 (and t2 for dev) and its requests; values differ per environment. */
async function harness() {
  const calls: MetricsRequest[] = [];
  const value = { dev: 10, sit: 20, prod: 40 } as const;
  const api = await createApiHarness({
    metrics: {
      async read(request) {
        calls.push(request);
        const v = value[request.instance.environment];
        return {
          period: request.periodSeconds,
          series: [
            {
              name: "CPUUtilization",
              unit: "Percent",
              points: [
                { timestamp: t1, value: v },
                ...(request.instance.environment === "dev" ? [{ timestamp: t2, value: 1 }] : []),
              ],
            },
            { name: "RequestCount", unit: "Count", points: [{ timestamp: t1, value: v * 100 }] },
          ],
        };
      },
    },
  });
  return { api, calls };
}

describe("GET /v1.0/tenants/{tenantId}/metrics", () => {
  it("reads each ACTIVE or SUSPENDED instance once and sums the series per timestamp", async () => {
    const { api, calls } = await harness();
    const dev = await api.activeInstance("acme", "dev");
    const sit = await api.activeInstance("acme", "sit");
    await api.invoke({ method: "POST", path: `/v1.0/instances/${sit}/suspend` });
    await api.ledger.complete(sit);
    await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "prod" },
    });
    await api.activeInstance("other", "dev");

    const response = await api.invoke({
      method: "GET",
      path: "/v1.0/tenants/acme/metrics?startTime=2026-11-22T09:00:00Z&endTime=2026-11-22T10:00:00Z&period=300",
      token: api.tokens.viewer,
    });
    expect(response.status, response.text).toBe(200);
    const body = TenantMetricsResourceSchema.parse(response.json);
    expect(body.instances.map((instance) => [instance.instanceId, instance.environment]).sort()).toEqual(
      [
        [dev, "dev"],
        [sit, "sit"],
      ].sort(),
    );
    expect(body.total.series).toEqual([
      {
        name: "CPUUtilization",
        unit: "Percent",
        points: [
          { timestamp: t1, value: 30 },
          { timestamp: t2, value: 1 },
        ],
      },
      { name: "RequestCount", unit: "Count", points: [{ timestamp: t1, value: 3000 }] },
    ]);
    expect(body).toMatchObject({ tenantId: "acme", period: 300 });
    const window = {
      startTime: Date.parse(t1),
      endTime: Date.parse("2026-11-22T10:00:00Z"),
      periodSeconds: 300,
    };
    expect(calls.sort((a, b) => a.instance.environment.localeCompare(b.instance.environment))).toEqual([
      { instance: { instanceId: dev, tenantId: "acme", environment: "dev" }, ...window },
      { instance: { instanceId: sit, tenantId: "acme", environment: "sit" }, ...window },
    ]);
  });

  it("answers an empty total for a tenant without running instances", async () => {
    const { api, calls } = await harness();
    const response = await api.invoke({ method: "GET", path: "/v1.0/tenants/nobody/metrics" });
    expect(response.json).toMatchObject({
      tenantId: "nobody",
      period: 300,
      instances: [],
      total: { series: [] },
    });
    expect(calls).toEqual([]);
  });

  it("validates the window, and answers 501 without a metrics port", async () => {
    const { api } = await harness();
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1.0/tenants/acme/metrics?period=5" }),
      "API.VALIDATION_FAILED",
    );
    const bare = await createApiHarness();
    expectProblem(
      await bare.invoke({ method: "GET", path: "/v1.0/tenants/acme/metrics" }),
      "API.NOT_IMPLEMENTED",
    );
  });
});
