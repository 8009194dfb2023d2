import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalApiHandler, createLocalIssuer, toApiGatewayEvent } from "@bbws/api";
import { type Consumer, SERVICES } from "@bbws/contracts";
import { createLambdaContext } from "@bbws/local-cloud";
import { silentLogger } from "@bbws/mesh";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createLocalDeadLetters, createLocalEventReplays } from "../runtime/localOperations.ts";
import {
  checkQuietInvariant,
  createSimulatedMesh,
  type SimulatedMesh,
  SPEC_DEFAULTS,
} from "./support/simulatedMesh.ts";

/**
 * Issue 8's recovery drill, through the API: a consumer (routing) fails every delivery for a
 * while, so its message reaches the routing DLQ after 5 receives and the provisioning passes
 * its deadline (STUCK); the consumer is fixed; a redrive, or a replay of the instance's window,
 * brings the instance to ACTIVE with exactly one of each resource.
 */
const MINUTE = 60_000;
const PROVISION_DEADLINE_MS = 15 * MINUTE;

/** The simulated mesh of tests/support, plus a switch that makes a consumer's handler throw. */
function createDrillMesh() {
  const down = new Set<Consumer>();
  // Consumers polled in a fixed order: the drill depends on no luck.
  const simulation = createSimulatedMesh({ down, random: () => 0 });
  return { simulation, down };
}

/** The API's handler over the drill mesh, with the local recovery adapters, on the mesh's clock. */
async function createDrillApi(simulation: SimulatedMesh) {
  const { mesh } = simulation;
  const issuer = await createLocalIssuer({ dataDir: await mkdtemp(join(tmpdir(), "bbws-drill-")) });
  const handler = createLocalApiHandler({
    ledger: mesh.ledger,
    store: mesh.ledgerStore,
    issuer,
    defaults: { ...SPEC_DEFAULTS, imageTemplate: "wordpress:{version}-php8.2-apache" },
    logger: silentLogger,
    clock: simulation.now,
    replays: createLocalEventReplays(mesh),
    deadLetters: createLocalDeadLetters(mesh),
  });
  const token = await issuer.mintToken({ groups: ["platform-operators"], username: "drill" });

  return async function call(method: string, path: string, body?: unknown) {
    const text = body === undefined ? "" : JSON.stringify(body);
    const requestId = randomUUID();
    const event = toApiGatewayEvent({
      method,
      url: path,
      headers: {
        host: "api.local",
        authorization: `Bearer ${token}`,
        ...(text ? { "content-type": "application/json" } : {}),
        ...(method === "GET" ? {} : { "idempotency-key": randomUUID() }),
      },
      body: Buffer.from(text, "utf8"),
      remoteAddress: "127.0.0.1",
      requestId,
      now: simulation.now(),
    });
    const context = createLambdaContext({
      functionName: "api",
      region: "local",
      requestId,
      clock: simulation.now,
    });
    const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, json: JSON.parse(result.body ?? "{}") };
  };
}

type Call = Awaited<ReturnType<typeof createDrillApi>>;

/** Routing down; provision; its request dead-letters; the deadline passes: STUCK. Then routing is fixed. */
async function stuckProvisioning(simulation: SimulatedMesh, down: Set<Consumer>, api: Call) {
  down.add("routing");
  const startedAt = simulation.now();
  const created = await api("POST", "/v1.0/instances", { tenantId: "alpha", environment: "dev" });
  expect(created.status).toBe(202);
  const { instanceId, operationId } = created.json as { instanceId: string; operationId: string };
  await simulation.runUntilQuiet();

  const dlq = await api("GET", "/v1.0/dlq");
  const routing = dlq.json.queues.find((queue: { consumer: string }) => queue.consumer === "routing");
  expect(routing).toMatchObject({
    queue: "bbws-routing-dlq",
    approximateCount: 1,
    messages: [{ receiveCount: 5, instanceId, tenantId: "alpha", detailType: expect.any(String) }],
  });
  expect(dlq.json.queues.map((queue: { approximateCount: number }) => queue.approximateCount)).toEqual([
    0, 0, 1, 0, 0,
  ]);

  simulation.advance(PROVISION_DEADLINE_MS + 1_000);
  expect(await simulation.mesh.ledger.sweepStuck()).toBe(1);
  const stuck = await api("GET", `/v1.0/instances/${instanceId}/status`);
  expect(stuck.json).toMatchObject({
    state: "PROVISIONING",
    operation: { operationId, kind: "provision", status: "STUCK" },
    allowedOperations: [],
  });
  down.delete("routing");
  return { instanceId, operationId, startedAt };
}

/** ACTIVE, the same (STUCK) operation completed by the late answers, one of each resource, a quiet mesh. */
async function expectRecovered(
  simulation: SimulatedMesh,
  api: Call,
  instanceId: string,
  operationId: string,
) {
  const status = await api("GET", `/v1.0/instances/${instanceId}/status`);
  expect(status.json).toMatchObject({
    state: "ACTIVE",
    operation: { operationId, kind: "provision", status: "COMPLETED" },
  });
  for (const service of SERVICES)
    expect([...simulation.cloud.inventory.creations[service].values()], service).toEqual([1]);
  expect(await checkQuietInvariant(simulation)).toEqual([]);
}

describe("recovery drill: a consumer fails for a while, then is fixed", () => {
  it("A: POST /v1.0/dlq/redrive brings the STUCK instance to ACTIVE", async () => {
    const { simulation, down } = createDrillMesh();
    const api = await createDrillApi(simulation);
    const { instanceId, operationId } = await stuckProvisioning(simulation, down, api);

    const redrive = await api("POST", "/v1.0/dlq/redrive", { consumer: "routing" });
    expect(redrive).toEqual({
      status: 202,
      json: { redriven: [{ consumer: "routing", queue: "bbws-routing-dlq", moved: 1 }] },
    });
    await simulation.runUntilQuiet();

    await expectRecovered(simulation, api, instanceId, operationId);
  });

  it("B: POST /v1.0/replays of the instance's window brings it to ACTIVE; the stale dead letter is absorbed", async () => {
    const { simulation, down } = createDrillMesh();
    const api = await createDrillApi(simulation);
    const { instanceId, operationId, startedAt } = await stuckProvisioning(simulation, down, api);

    const replay = await api("POST", "/v1.0/replays", {
      from: new Date(startedAt).toISOString(),
      to: new Date(simulation.now()).toISOString(),
      instanceId,
    });
    expect(replay.status).toBe(202);
    expect(replay.json).toMatchObject({ instanceId, state: "COMPLETED" });
    expect(replay.json.replayName).toMatch(/^bbws-replay-\d{8}T\d{6}Z-[0-9a-f]{8}$/);
    expect(replay.json.eventsReplayed).toBeGreaterThan(0);
    await simulation.runUntilQuiet();
    const active = await api("GET", `/v1.0/instances/${instanceId}/status`);
    expect(active.json).toMatchObject({ state: "ACTIVE", operation: { operationId, status: "COMPLETED" } });

    // The replay fixed it; the old copy still waits in the DLQ. Redriving it changes nothing.
    expect((await api("POST", "/v1.0/dlq/redrive", {})).json.redriven).toContainEqual({
      consumer: "routing",
      queue: "bbws-routing-dlq",
      moved: 1,
    });
    await simulation.runUntilQuiet();
    await expectRecovered(simulation, api, instanceId, operationId);
  });
});
