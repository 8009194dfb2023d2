import fs from "node:fs";
import { type BusEvent, CONSUMERS, SUBSCRIPTIONS, type Subscription } from "@bbws/contracts";
import { PublishError } from "@bbws/mesh";
import { describe, expect, it } from "vitest";
import { createLocalQueue, type LocalQueue } from "../queues/localQueue.ts";
import { createMemoryQueueStore } from "../queues/queueStore.ts";
import { createMemoryEventArchive } from "./eventArchive.ts";
import { createLocalBus, matchingSubscriptions, toDeliveredEvent } from "./localBus.ts";

const FIXTURES = new URL("../../../contracts/fixtures/", import.meta.url);

function fixtures(): BusEvent[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((name) => name.endsWith(".json"))
    .map((name) => JSON.parse(fs.readFileSync(new URL(name, FIXTURES), "utf8")) as BusEvent);
}

function fixture(detailType: string): BusEvent {
  const found = fixtures().find((event) => event["detail-type"] === detailType);
  if (found === undefined) throw new Error(`no fixture ${detailType}`);
  return found;
}

function setup(subscriptions: readonly Subscription[] = SUBSCRIPTIONS) {
  const time = { now: Date.parse("2026-11-22T12:00:00.000Z") };
  const clock = () => time.now;
  let ids = 0;
  const newId = () => `id-${++ids}`;
  const queues: Record<string, LocalQueue> = {};
  for (const consumer of CONSUMERS) {
    queues[consumer] = createLocalQueue({ name: consumer, store: createMemoryQueueStore(), clock, newId });
  }
  const archive = createMemoryEventArchive();
  const bus = createLocalBus({ subscriptions, queues, archive, clock, newId });
  const bodies = (consumer: string) => queues[consumer]!.list().map((m) => JSON.parse(m.body) as unknown);
  return { time, queues, archive, bus, bodies };
}

describe("the subscription table", () => {
  it("gives every consumer at most one matching rule per fixture event, so no event is delivered twice", () => {
    const context = { id: "id", now: 0, account: "000000000000", region: "local" };
    for (const event of fixtures()) {
      const matched = matchingSubscriptions(SUBSCRIPTIONS, toDeliveredEvent(event, context));
      for (const consumer of CONSUMERS) {
        const names = matched.filter((s) => s.consumer === consumer).map((s) => s.name);
        expect(
          names.length,
          `${event["detail-type"]} → ${consumer}: ${names.join(", ")}`,
        ).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe("createLocalBus", () => {
  it("sends the event as EventBridge delivers it to an SQS target, to every matching consumer", async () => {
    const { bus, queues } = setup();
    const event = fixture("InstanceRequested");
    await bus.publish([event]);

    const [message] = queues.storage!.list();
    expect(message?.body).toBe(
      JSON.stringify({
        version: "0",
        id: "id-1",
        "detail-type": "InstanceRequested",
        source: event.source,
        account: "000000000000",
        time: "2026-11-22T10:00:00Z",
        region: "local",
        resources: [],
        detail: event.detail,
      }),
    );
    const counts = Object.fromEntries(
      CONSUMERS.map((consumer) => [consumer, queues[consumer]!.list().length]),
    );
    expect(counts).toEqual({ identity: 1, storage: 1, routing: 1, compute: 0, ledger: 0 });
  });

  it("routes on detail content, as the release rules do", async () => {
    const { bus, queues } = setup();
    await bus.publish([fixture("ReleaseRequested")]);
    expect(queues.routing!.list()).toHaveLength(1);
    expect(queues.storage!.list()).toHaveLength(0);
  });

  it("archives published events at the bus clock, but not replayed ones, which carry replay-name", async () => {
    const { bus, archive, time, bodies } = setup();
    const event = fixture("TenantCreated");
    await bus.publish([event]);
    time.now += 1_000;
    await bus.publish([{ ...event, "replay-name": "again" }]);

    expect(archive.read()).toEqual([{ at: Date.parse("2026-11-22T12:00:00.000Z"), event }]);
    expect(bodies("ledger")).toEqual([
      expect.not.objectContaining({ "replay-name": expect.anything() }),
      expect.objectContaining({ "replay-name": "again" }),
    ]);
  });

  it("delivers once per matching rule, like two EventBridge rules targeting one queue", async () => {
    const pattern = { source: ["bbws.tenant-management"] };
    const overlapping: Subscription[] = [
      { name: "ledger-a", consumer: "ledger", pattern },
      { name: "ledger-b", consumer: "ledger", pattern },
    ];
    const { bus, queues } = setup(overlapping);
    await bus.publish([fixture("TenantCreated")]);
    expect(queues.ledger!.list()).toHaveLength(2);
  });

  it("uses the bus clock for time when the event has no occurredAt", async () => {
    const { bus, bodies } = setup();
    await bus.publish([{ source: "bbws.tenant-management", "detail-type": "TenantCreated", detail: {} }]);
    expect(bodies("ledger")).toEqual([expect.objectContaining({ time: "2026-11-22T12:00:00Z" })]);
  });

  it("rejects an oversized event as PutEvents would, delivering nothing", async () => {
    const { bus, archive } = setup();
    const huge = {
      ...fixture("TenantCreated"),
      detail: { meta: { eventId: "e-1" }, blob: "x".repeat(300_000) },
    };
    const error = await bus.publish([fixture("TenantCreated"), huge]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).failures).toEqual([
      expect.objectContaining({ eventId: "e-1", errorCode: "EntryTooLarge" }),
    ]);
    expect(archive.read()).toEqual([]);
  });

  it("reports a failed delivery as a PublishError and still delivers the other events", async () => {
    const time = { now: 0 };
    const broken = {
      ...createLocalQueue({ name: "broken", store: createMemoryQueueStore(), clock: () => time.now }),
    };
    broken.send = () => {
      throw new Error("disk full");
    };
    const archive = createMemoryEventArchive();
    const ledger = createLocalQueue({
      name: "ledger",
      store: createMemoryQueueStore(),
      clock: () => time.now,
    });
    const subscriptions = SUBSCRIPTIONS.filter((s) => s.consumer === "ledger" || s.consumer === "identity");
    const bus = createLocalBus({
      subscriptions,
      queues: { identity: broken, ledger },
      archive,
      clock: () => 0,
      newId: () => "id",
    });

    const error = await bus
      .publish([fixture("InstanceRequested"), fixture("TenantCreated")])
      .catch((e: unknown) => e);
    expect((error as PublishError).failures).toEqual([
      { eventId: "1d2c3b4a-5f6e-4d8c-9b0a-000000000001", errorCode: "Error", errorMessage: "disk full" },
    ]);
    expect(ledger.list()).toHaveLength(1);
  });

  it("refuses a subscription whose consumer has no queue, or whose pattern EventBridge would reject", () => {
    const archive = createMemoryEventArchive();
    const base = { queues: {}, archive, clock: () => 0, newId: () => "id" };
    expect(() => createLocalBus({ ...base, subscriptions: SUBSCRIPTIONS })).toThrow(/has no queue/);
    const invalid: Subscription = { name: "bad", consumer: "ledger", pattern: { source: "not-an-array" } };
    expect(() => createLocalBus({ ...base, subscriptions: [invalid] })).toThrow(/invalid event pattern/);
  });
});
