import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger } from "@bbws/mesh";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryEventArchive } from "../bus/eventArchive.ts";
import { createLocalBus } from "../bus/localBus.ts";
import { createMemoryQueueStore } from "../queues/queueStore.ts";
import { createHttpSubscribers } from "./createHttpSubscribers.ts";
import type { HttpDelivery } from "./createHttpTargetHandler.ts";
import { parseHttpSubscribers } from "./httpSubscriber.ts";

/** A subscriber's endpoint: answers the queued statuses in turn (then 200), records what it got. */
const received: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
const statuses: number[] = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (chunk: Buffer) => {
    body += chunk.toString("utf8");
  });
  req.on("end", () => {
    received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
    res.writeHead(statuses.shift() ?? 200).end();
  });
});
let url = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const meta = {
  eventId: "1d2c3b4a-5f6e-4d8c-9b0a-000000000011",
  schemaVersion: 1,
  occurredAt: "2026-11-22T10:00:00.000Z",
  correlationId: "c",
  causationId: null,
  tenantId: "acme",
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  environment: "dev",
};
const activated = { source: "bbws.ledger", "detail-type": "InstanceActivated", detail: { meta, data: {} } };
const requested = { source: "bbws.ledger", "detail-type": "InstanceRequested", detail: { meta, data: {} } };

function setUp() {
  let now = Date.parse("2026-11-22T10:00:00Z");
  let id = 0;
  const reports: HttpDelivery[] = [];
  const subscribers = createHttpSubscribers({
    subscribers: parseHttpSubscribers(
      JSON.stringify({ subscribers: [{ name: "tm", url, headers: { "x-api-key": "k1" } }] }),
      "test",
    ),
    queueStore: () => createMemoryQueueStore(),
    clock: () => now,
    newId: () => `id-${++id}`,
    logger: silentLogger,
    fetch,
    report: (delivery) => reports.push(delivery),
    maxAttempts: 3,
    retryBaseMs: 500,
  });
  const bus = createLocalBus({
    subscriptions: [],
    queues: {},
    extraTargets: subscribers.targets,
    archive: createMemoryEventArchive(),
    clock: () => now,
    newId: () => `evt-${++id}`,
  });
  const runner = subscribers.runners[0];
  if (!runner) throw new Error("no runner");
  return { bus, runner, reports, advance: (ms: number) => (now += ms), queue: subscribers.targets[0]?.queue };
}

describe("HTTP subscribers (API destinations semantics)", () => {
  it("POSTs the matching event's JSON with the configured header; other events are not sent", async () => {
    received.length = 0;
    const { bus, runner, reports } = setUp();
    await bus.publish([requested, activated]);
    expect(await runner.pollOnce()).toBe(1);
    expect(await runner.pollOnce()).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers["x-api-key"]).toBe("k1");
    expect(received[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(received[0]?.body).toMatchObject({
      version: "0",
      source: "bbws.ledger",
      "detail-type": "InstanceActivated",
      time: "2026-11-22T10:00:00Z",
      detail: { meta },
    });
    expect(reports).toEqual([
      {
        subscriber: "tm",
        detailType: "InstanceActivated",
        tenantId: "acme",
        status: 200,
        outcome: "delivered",
      },
    ]);
  });

  it("retries a 503 and a 429 after exponential backoff, then delivers once", async () => {
    received.length = 0;
    statuses.push(503, 429);
    const { bus, runner, reports, advance } = setUp();
    await bus.publish([activated]);
    expect(await runner.pollOnce()).toBe(1);
    expect(await runner.pollOnce()).toBe(0); // invisible for 500 ms
    advance(499);
    expect(await runner.pollOnce()).toBe(0);
    advance(1);
    expect(await runner.pollOnce()).toBe(1);
    advance(999);
    expect(await runner.pollOnce()).toBe(0); // second backoff: 1,000 ms
    advance(1);
    expect(await runner.pollOnce()).toBe(1);
    expect(reports.map((r) => `${r.status} ${r.outcome}`)).toEqual([
      "503 retrying",
      "429 retrying",
      "200 delivered",
    ]);
    expect(received).toHaveLength(3);
  });

  it("does not retry a 400, and dead-letters what keeps failing", async () => {
    received.length = 0;
    statuses.push(400);
    const { bus, runner, reports, advance, queue } = setUp();
    await bus.publish([activated]);
    await runner.pollOnce();
    advance(60_000);
    expect(await runner.pollOnce()).toBe(0);
    expect(reports.map((r) => r.outcome)).toEqual(["dropped"]);

    statuses.push(500, 500, 500);
    await bus.publish([activated]);
    for (let attempt = 0; attempt < 4; attempt++) {
      await runner.pollOnce();
      advance(60_000);
    }
    expect(reports.map((r) => r.outcome)).toEqual(["dropped", "retrying", "retrying", "retrying"]);
    expect(queue?.counts()).toEqual({ visible: 0, inFlight: 0 });
  });
});

describe("parseHttpSubscribers", () => {
  it("names the file and the field to fix", () => {
    expect(() => parseHttpSubscribers("{", "subscribers.json")).toThrow(/^subscribers\.json: not JSON/);
    expect(() =>
      parseHttpSubscribers(
        JSON.stringify({ subscribers: [{ name: "TM", url: "ftp://x" }] }),
        "subscribers.json",
      ),
    ).toThrow(/name must be lowercase[\s\S]*url must be an http/);
    expect(() =>
      parseHttpSubscribers(
        JSON.stringify({ subscribers: [{ name: "a", url: "http://x", pattern: { source: "bbws.ledger" } }] }),
        "f",
      ),
    ).toThrow(/pattern must be a valid EventBridge event pattern/);
  });

  it("defaults to no headers and Tenant Management's pattern", () => {
    expect(
      parseHttpSubscribers(JSON.stringify({ subscribers: [{ name: "a", url: "http://x/" }] }), "f"),
    ).toEqual([{ name: "a", url: "http://x/", headers: {} }]);
  });
});
