import { beforeEach, describe, expect, it } from "vitest";
import { OperationResourceSchema } from "../domain/viewSchemas.ts";
import { type ApiHarness, createApiHarness } from "../testing/createApiHarness.ts";

let api: ApiHarness;
beforeEach(async () => {
  api = await createApiHarness();
});

const rels = (links: Record<string, unknown> | undefined) => Object.keys(links ?? {}).sort();
const READ_RELS = ["backups", "events", "health", "logs", "metrics", "operation", "self", "status"];

describe("asynchronous actions", () => {
  it.each([
    ["suspend", {}, "suspend"],
    ["restart", undefined, "restart"],
    ["rotate-credentials", undefined, "rotateCredentials"],
    ["scale", { desiredCount: 3, size: "medium" }, "scale"],
    ["update", { wordpressVersion: "6.5.2" }, "updateImage"],
    ["backup", undefined, "backup"],
  ])("POST .../%s answers 202 with a %s operation", async (verb, body, kind) => {
    const instanceId = await api.activeInstance("acme");
    const response = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/${verb}`,
      body,
    });
    expect(response.status, response.text).toBe(202);
    expect(OperationResourceSchema.parse(response.json)).toMatchObject({
      kind,
      status: "PENDING",
      instanceId,
    });
    expect(response.headers.location).toBe(`/v1.0/operations/${response.json.operationId}`);
  });

  it("turns scale and update bodies into the ledger's commands", async () => {
    const instanceId = await api.activeInstance("acme");
    await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/scale`,
      body: { desiredCount: 3 },
    });
    await api.ledger.complete(instanceId);
    await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/update`,
      body: { wordpressVersion: "6.7", image: "reg/wp:6.7" },
    });
    expect(api.ledger.commands.slice(1)).toMatchObject([
      { operation: "scale", desiredCount: 3, instanceId },
      { operation: "updateImage", wordpress: { version: "6.7", image: "reg/wp:6.7" } },
    ]);
  });

  it("resumes a suspended instance", async () => {
    const instanceId = await api.activeInstance("acme");
    await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/suspend` });
    await api.ledger.complete(instanceId);
    const resumed = await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/resume` });
    expect(resumed.json).toMatchObject({ kind: "resume", status: "PENDING" });
  });

  it("backs up with a backupId, lists the backup once taken, and restores it", async () => {
    const instanceId = await api.activeInstance("acme");
    const backup = await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/backup` });
    expect(backup.json.backupId).toEqual(expect.any(String));
    await api.ledger.complete(instanceId);
    const backups = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/backups` });
    expect(backups.json.items).toMatchObject([{ backupId: backup.json.backupId }]);
    const restore = await api.invoke({
      method: "POST",
      path: `/v1.0/instances/${instanceId}/restore`,
      body: { backupId: backup.json.backupId },
    });
    expect(restore.status).toBe(202);
    expect(api.ledger.commands.at(-1)).toMatchObject({
      operation: "restore",
      backupId: backup.json.backupId,
    });
  });

  it("DELETE deprovisions: 202, and the instance goes PENDING_DEPRO then DEPROVISIONED", async () => {
    const instanceId = await api.activeInstance("acme");
    const response = await api.invoke({ method: "DELETE", path: `/v1.0/instances/${instanceId}` });
    expect(response.json).toMatchObject({ kind: "deprovision", status: "PENDING" });
    expect((await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}` })).json.state).toBe(
      "PENDING_DEPRO",
    );
    await api.ledger.complete(instanceId);
    const gone = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}` });
    expect(gone.json.state).toBe("DEPROVISIONED");
    expect(rels(gone.json._links)).toEqual(READ_RELS);
  });
});

describe("instance sub-resources and operations", () => {
  it("GET .../status: state, operation and the operations allowed now", async () => {
    const instanceId = await api.activeInstance("acme");
    const status = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/status` });
    expect(status.json).toMatchObject({
      state: "ACTIVE",
      operation: { kind: "provision", status: "COMPLETED" },
      allowedOperations: [
        "suspend",
        "scale",
        "updateImage",
        "restart",
        "backup",
        "restore",
        "rotateCredentials",
        "deprovision",
      ],
    });
    expect(status.json._links?.self?.href).toBe(`/v1.0/instances/${instanceId}/status`);
  });

  it("GET .../health: HEALTHY from the activation's report, or not watched outside ACTIVE", async () => {
    const instanceId = await api.activeInstance("acme");
    const healthy = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/health` });
    expect(healthy.json).toMatchObject({ status: "HEALTHY", watched: true, lastReport: { httpStatus: 200 } });
    const pending = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "beta", environment: "dev" },
    });
    const notServing = await api.invoke({
      method: "GET",
      path: `/v1.0/instances/${pending.json.instanceId}/health`,
    });
    expect(notServing.json).toMatchObject({
      status: "UNKNOWN",
      watched: false,
      state: "PENDING_PROVISIONING",
      reason: "the instance is PENDING_PROVISIONING: health is watched only while ACTIVE",
    });
  });

  it("GET .../events: the instance's timeline, oldest first", async () => {
    const instanceId = await api.activeInstance("acme");
    const events = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/events` });
    // The ledger logs what it received and what it emitted: the saga as it happened.
    expect(
      (events.json.items as { type: string; source: string }[]).map((item) => [item.type, item.source]),
    ).toEqual([
      ["InstanceRequested", "bbws.ledger"],
      ["IdentityReady", "bbws.identity"],
      ["StorageReady", "bbws.storage"],
      ["RoutingReady", "bbws.routing"],
      ["ComputeRequested", "bbws.ledger"],
      ["ComputeReady", "bbws.compute"],
      ["InstanceHealthy", "bbws.compute"],
      ["InstanceActivated", "bbws.ledger"],
    ]);
    const [requested, identityReady] = events.json.items as Record<string, unknown>[];
    expect(requested).toMatchObject({ eventId: expect.any(String), data: { spec: { tenantId: "acme" } } });
    expect(identityReady?.causationId).toBe(requested?.eventId);
  });

  it("GET /v1.0/operations/{operationId} follows the operation to COMPLETED", async () => {
    const instanceId = await api.activeInstance("acme");
    const suspend = await api.invoke({ method: "POST", path: `/v1.0/instances/${instanceId}/suspend` });
    await api.ledger.complete(instanceId);
    const done = await api.invoke({ method: "GET", path: `/v1.0/operations/${suspend.json.operationId}` });
    expect(done.json).toMatchObject({ kind: "suspend", status: "COMPLETED", finishedAt: expect.any(String) });
  });
});

describe("logs and metrics", () => {
  it("answer 501 when no logs or metrics port is configured", async () => {
    const instanceId = await api.activeInstance("acme");
    for (const resource of ["logs", "metrics"]) {
      const response = await api.invoke({ method: "GET", path: `/v1.0/instances/${instanceId}/${resource}` });
      expect(response.status).toBe(501);
      expect(response.json.code).toBe("API.NOT_IMPLEMENTED");
    }
  });

  it("pass validated ranges to the ports and answer their pages", async () => {
    const calls: unknown[] = [];
    const withPorts = await createApiHarness({
      logs: {
        async read(request) {
          calls.push(request);
          return {
            items: [{ timestamp: "2026-11-22T10:00:00.000Z", message: "GET / 200" }],
            nextToken: "t2",
          };
        },
      },
      metrics: {
        async read(request) {
          calls.push(request);
          return {
            period: request.periodSeconds,
            series: [{ name: "RequestCount", unit: "Count", points: [] }],
          };
        },
      },
    });
    const instanceId = await withPorts.activeInstance("acme");
    const logs = await withPorts.invoke({
      method: "GET",
      path: `/v1.0/instances/${instanceId}/logs?startTime=2026-11-22T09:00:00Z&endTime=2026-11-22T10:00:00Z&limit=1000&nextToken=t1`,
    });
    expect(logs.json).toMatchObject({ instanceId, items: [{ message: "GET / 200" }], nextToken: "t2" });
    const metrics = await withPorts.invoke({
      method: "GET",
      path: `/v1.0/instances/${instanceId}/metrics?period=60`,
    });
    expect(metrics.json).toMatchObject({ period: 60, series: [{ name: "RequestCount" }] });
    expect(calls).toEqual([
      {
        instance: { instanceId, tenantId: "acme", environment: "dev" },
        startTime: Date.parse("2026-11-22T09:00:00Z"),
        endTime: Date.parse("2026-11-22T10:00:00Z"),
        limit: 1000,
        nextToken: "t1",
      },
      {
        instance: { instanceId, tenantId: "acme", environment: "dev" },
        startTime: withPorts.clock.now - 3_600_000,
        endTime: withPorts.clock.now,
        periodSeconds: 60,
      },
    ]);
  });
});
