import { describe, expect, it } from "vitest";
import {
  type CleanupRecord,
  DeadLetterListSchema,
  OrphanCleanupViewSchema,
  OrphanReportSchema,
  RedriveResultSchema,
  ReplayViewSchema,
} from "../domain/viewSchemas.ts";
import type { EventReplayRequest } from "../ports.ts";
import { createApiHarness } from "../testing/createApiHarness.ts";
import { expectProblem } from "../testing/expectProblem.ts";

const orphan = {
  service: "storage",
  kind: "database",
  id: "wp_ghost_dev",
  tenantId: "ghost",
  environment: "dev",
  reason: "no instance of tenant ghost in dev",
} as const;

/** The harness with recording recovery ports. */
async function withPorts() {
  const replays: EventReplayRequest[] = [];
  const redrives: unknown[] = [];
  const cleanups: { cleanupId: string; dryRun: boolean; requestedAt: string }[] = [];
  const records = new Map<string, CleanupRecord>();
  const api = await createApiHarness({
    replays: {
      async start(request) {
        replays.push(request);
        return {
          replayName: request.name,
          from: request.from.toISOString(),
          to: request.to.toISOString(),
          ...(request.instanceId ? { instanceId: request.instanceId } : {}),
          state: "COMPLETED",
          eventsReplayed: 3,
        };
      },
    },
    deadLetters: {
      list: async () => [
        {
          consumer: "routing",
          queue: "bbws-routing-dlq",
          approximateCount: 1,
          messages: [{ messageId: "m-1", receiveCount: 5, detailType: "RoutingRequested", bodyExcerpt: "{" }],
        },
      ],
      async redrive(input) {
        redrives.push(input);
        return [{ consumer: "routing", queue: "bbws-routing-dlq", moved: 1 }];
      },
    },
    orphans: {
      scan: async () => ({
        scanId: "s-1",
        scannedAt: "2026-11-22T10:00:00.000Z",
        resources: 4,
        orphans: [orphan],
      }),
      async startCleanup(request) {
        cleanups.push(request);
        records.set(request.cleanupId, { ...request, status: "RUNNING" });
      },
      findCleanup: async (cleanupId) => records.get(cleanupId),
    },
  });
  /** What the scan function records once the cleanup ends. */
  const finish = (cleanupId: string, end: Partial<CleanupRecord>) => {
    const record = records.get(cleanupId);
    if (record) records.set(cleanupId, { ...record, ...end });
  };
  return { api, replays, redrives, cleanups, finish };
}

const window = { from: "2026-11-22T09:00:00Z", to: "2026-11-22T09:30:00Z" };

describe("recovery routes are for operators only", () => {
  it.each([
    ["GET", "/v1.0/dlq"],
    ["POST", "/v1.0/dlq/redrive"],
    ["GET", "/v1.0/orphans"],
    ["POST", "/v1.0/orphans/cleanup"],
    ["GET", "/v1.0/orphans/cleanups/7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9"],
    ["POST", "/v1.0/replays"],
  ])("%s %s: 403 for a viewer, 401 without a token", async (method, path) => {
    const { api } = await withPorts();
    const body = path === "/v1.0/replays" ? window : undefined;
    expectProblem(await api.invoke({ method, path, body, token: api.tokens.viewer }), "API.FORBIDDEN");
    expectProblem(await api.invoke({ method, path, body, token: null }), "API.UNAUTHENTICATED");
  });

  it("answer 501 naming the port when the deployment wired none", async () => {
    const api = await createApiHarness();
    for (const [method, path, port] of [
      ["GET", "/v1.0/dlq", "deadLetters"],
      ["POST", "/v1.0/dlq/redrive", "deadLetters"],
      ["GET", "/v1.0/orphans", "orphans"],
      ["POST", "/v1.0/orphans/cleanup", "orphans"],
      ["GET", "/v1.0/orphans/cleanups/7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9", "orphans"],
      ["POST", "/v1.0/replays", "replays"],
    ] as const) {
      const body = path === "/v1.0/replays" ? window : undefined;
      const problem = expectProblem(await api.invoke({ method, path, body }), "API.NOT_IMPLEMENTED");
      expect(problem.detail).toContain(`no ${port} port`);
    }
  });
});

describe("POST /v1.0/replays", () => {
  it("starts a replay named by the API, for a window and optionally one instance", async () => {
    const { api, replays } = await withPorts();
    // Provisioning still open (the fake services have not answered): what a STUCK instance looks like.
    const provisioned = await api.invoke({
      method: "POST",
      path: "/v1.0/instances",
      body: { tenantId: "acme", environment: "dev" },
    });
    const instanceId = String(provisioned.json.instanceId);
    const response = await api.invoke({
      method: "POST",
      path: "/v1.0/replays",
      body: { ...window, instanceId },
    });
    expect(response.status, response.text).toBe(202);
    expect(response.headers.location).toBeUndefined();
    const view = ReplayViewSchema.parse(response.json);
    expect(view).toMatchObject({ instanceId, state: "COMPLETED", eventsReplayed: 3 });
    expect(view.replayName).toMatch(/^bbws-replay-20261122T100000Z-[0-9a-f]{8}$/);
    expect(replays).toEqual([
      {
        name: view.replayName,
        from: new Date(window.from),
        to: new Date(window.to),
        instanceId,
      },
    ]);
  });

  it("replays a finished instance's window too: the services' inboxes make any replay safe", async () => {
    const { api, replays } = await withPorts();
    const instanceId = await api.activeInstance("acme");
    const response = await api.invoke({
      method: "POST",
      path: "/v1.0/replays",
      body: { ...window, instanceId },
    });
    expect(response.status, response.text).toBe(202);
    expect(replays).toEqual([expect.objectContaining({ instanceId })]);
  });

  it("refuses an instance the ledger does not know", async () => {
    const { api, replays } = await withPorts();
    const response = await api.invoke({
      method: "POST",
      path: "/v1.0/replays",
      body: { ...window, instanceId: "6f1c2e7a-3b4d-4c5e-9f60-000000000000" },
    });
    expect(response.status).toBe(404);
    expect(replays).toEqual([]);
  });

  it("replays the first answer for the same Idempotency-Key, without a second replay", async () => {
    const { api, replays } = await withPorts();
    const send = () =>
      api.invoke({ method: "POST", path: "/v1.0/replays", body: window, idempotencyKey: "replay-key-1" });
    const first = await send();
    const again = await send();
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(replays).toHaveLength(1);
  });

  it.each([
    [{ from: window.to, to: window.from }, "to must be after from"],
    [{ from: "2026-11-10T00:00:00Z", to: "2026-11-17T00:00:01Z" }, "at most 7 days"],
    [{ from: "2026-11-22T09:00:00Z", to: "2026-11-22T10:00:01Z" }, "must not be in the future"],
    [{ from: "yesterday", to: window.to }, "ISO-8601"],
    [{ ...window, instanceId: "nope" }, "instanceId"],
    [{ ...window, colour: "red" }, "not accepted"],
  ])("refuses %j: %s", async (body, message) => {
    const { api, replays } = await withPorts();
    const problem = expectProblem(
      await api.invoke({ method: "POST", path: "/v1.0/replays", body }),
      "API.VALIDATION_FAILED",
    );
    expect(problem.detail).toContain(message);
    expect(replays).toEqual([]);
  });

  it("answers 404 for an instance the ledger does not know", async () => {
    const { api, replays } = await withPorts();
    const instanceId = "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6";
    expectProblem(
      await api.invoke({ method: "POST", path: "/v1.0/replays", body: { ...window, instanceId } }),
      "API.INSTANCE_NOT_FOUND",
    );
    expect(replays).toEqual([]);
  });
});

describe("dead-letter queues", () => {
  it("lists every queue with a peek at its messages", async () => {
    const { api } = await withPorts();
    const response = await api.invoke({ method: "GET", path: "/v1.0/dlq" });
    expect(response.status).toBe(200);
    expect(DeadLetterListSchema.parse(response.json).queues).toMatchObject([
      {
        consumer: "routing",
        approximateCount: 1,
        messages: [{ messageId: "m-1", detailType: "RoutingRequested" }],
      },
    ]);
  });

  it("redrives every queue without a body, or one consumer's", async () => {
    const { api, redrives } = await withPorts();
    const all = await api.invoke({ method: "POST", path: "/v1.0/dlq/redrive" });
    expect(all.status).toBe(202);
    expect(RedriveResultSchema.parse(all.json)).toEqual({
      redriven: [{ consumer: "routing", queue: "bbws-routing-dlq", moved: 1 }],
    });
    await api.invoke({ method: "POST", path: "/v1.0/dlq/redrive", body: {} });
    await api.invoke({ method: "POST", path: "/v1.0/dlq/redrive", body: { consumer: "routing" } });
    expect(redrives).toEqual([{}, {}, { consumer: "routing" }]);
  });

  it("refuses a consumer that does not exist", async () => {
    const { api, redrives } = await withPorts();
    const problem = expectProblem(
      await api.invoke({ method: "POST", path: "/v1.0/dlq/redrive", body: { consumer: "billing" } }),
      "API.VALIDATION_FAILED",
    );
    expect(problem.errors).toEqual([
      {
        in: "body",
        field: "consumer",
        message: "consumer must be one of identity, storage, routing, compute, ledger, ecsEvents",
      },
    ]);
    expect(redrives).toEqual([]);
  });
});

describe("orphans", () => {
  it("GET runs a scan and answers its report", async () => {
    const { api } = await withPorts();
    const response = await api.invoke({ method: "GET", path: "/v1.0/orphans" });
    expect(OrphanReportSchema.parse(response.json)).toEqual({
      scanId: "s-1",
      scannedAt: "2026-11-22T10:00:00.000Z",
      resources: 4,
      orphans: [orphan],
    });
  });

  it("POST answers 202 at once with a RUNNING cleanup to poll, a dry run unless dryRun is false", async () => {
    const { api, cleanups } = await withPorts();
    const dry = await api.invoke({ method: "POST", path: "/v1.0/orphans/cleanup" });
    expect(dry.status).toBe(202);
    const view = OrphanCleanupViewSchema.parse(dry.json);
    expect(view).toMatchObject({ dryRun: true, status: "RUNNING", requestedAt: "2026-11-22T10:00:00.000Z" });
    expect(dry.headers.location).toBe(`/v1.0/orphans/cleanups/${view.cleanupId}`);
    expect(view._links.self.href).toBe(dry.headers.location);
    await api.invoke({ method: "POST", path: "/v1.0/orphans/cleanup", body: { dryRun: true } });
    await api.invoke({ method: "POST", path: "/v1.0/orphans/cleanup", body: { dryRun: false } });
    expect(cleanups.map((cleanup) => cleanup.dryRun)).toEqual([true, true, false]);
    expect(new Set(cleanups.map((cleanup) => cleanup.cleanupId)).size).toBe(3);
    expectProblem(
      await api.invoke({ method: "POST", path: "/v1.0/orphans/cleanup", body: { dryRun: "no" } }),
      "API.VALIDATION_FAILED",
    );
    expect(cleanups).toHaveLength(3);
  });

  it("a retry with the same Idempotency-Key names the same cleanup and starts nothing new", async () => {
    const { api, cleanups } = await withPorts();
    const ask = () =>
      api.invoke({ method: "POST", path: "/v1.0/orphans/cleanup", idempotencyKey: "cleanup-0001" });
    const first = await ask();
    const again = await ask();
    expect(again.headers.location).toBe(first.headers.location);
    expect(cleanups).toHaveLength(1);
  });

  it("GET on its Location: RUNNING, then the report the scan recorded; STUCK past 20 minutes", async () => {
    const { api, finish } = await withPorts();
    const started = await api.invoke({
      method: "POST",
      path: "/v1.0/orphans/cleanup",
      body: { dryRun: false },
    });
    const location = started.headers.location ?? "";
    const poll = async () =>
      OrphanCleanupViewSchema.parse((await api.invoke({ method: "GET", path: location })).json);
    expect(await poll()).toMatchObject({ status: "RUNNING" });
    const report = {
      scanId: "s-2",
      dryRun: false,
      orphans: [orphan],
      removed: [{ resource: orphan, deleted: ["wp_ghost_dev"] }],
      failed: [],
    };
    const cleanupId = location.split("/").at(-1) ?? "";
    finish(cleanupId, { status: "COMPLETED", finishedAt: "2026-11-22T10:03:00.000Z", report });
    expect(await poll()).toMatchObject({ status: "COMPLETED", report });

    const slow = await api.invoke({ method: "POST", path: "/v1.0/orphans/cleanup" });
    api.clock.now += 20 * 60 * 1000 + 1;
    const stuck = await api.invoke({ method: "GET", path: slow.headers.location ?? "" });
    expect(stuck.json).toMatchObject({ status: "STUCK" });
  });

  it("GET of an unknown cleanup is 404, of a malformed id 422", async () => {
    const { api } = await withPorts();
    expectProblem(
      await api.invoke({
        method: "GET",
        path: "/v1.0/orphans/cleanups/7c6b5a49-3827-4d16-8e05-f4e3d2c1b0a9",
      }),
      "API.CLEANUP_NOT_FOUND",
    );
    expectProblem(
      await api.invoke({ method: "GET", path: "/v1.0/orphans/cleanups/nope" }),
      "API.VALIDATION_FAILED",
    );
  });
});
