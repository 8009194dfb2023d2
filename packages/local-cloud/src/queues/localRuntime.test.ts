import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BusEvent, SUBSCRIPTIONS } from "@bbws/contracts";
import { createJsonLogger } from "@bbws/mesh";
import type { EventBridgeEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryEventArchive, type EventArchive } from "../bus/eventArchive.ts";
import { createFileEventArchive } from "../bus/fileEventArchive.ts";
import { createLocalBus } from "../bus/localBus.ts";
import { createFileQueueStore } from "./fileQueueStore.ts";
import { createLocalConsumerRunner, type LocalSqsHandler } from "./localConsumerRunner.ts";
import { createLocalQueue, type LocalQueue } from "./localQueue.ts";
import { createMemoryQueueStore, type QueueStore } from "./queueStore.ts";

const VISIBILITY_MS = 30_000;
const CONSUMERS = ["storage", "ledger"] as const;
type TestConsumer = (typeof CONSUMERS)[number];

const instanceRequested: BusEvent = {
  source: "bbws.ledger",
  "detail-type": "InstanceRequested",
  detail: { meta: { eventId: "e-1", instanceId: "i-1" }, data: {} },
};
const storageReady: BusEvent = {
  source: "bbws.storage",
  "detail-type": "StorageReady",
  detail: { meta: { eventId: "e-2", instanceId: "i-1" }, data: {} },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** One local runtime; with `dir`, everything it keeps lives on disk, so a second one over it is a restart. */
function createRuntime(handlers: Record<TestConsumer, LocalSqsHandler>, dir?: string) {
  const time = { now: Date.parse("2026-11-22T12:00:00.000Z") };
  const clock = () => time.now;
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ write: (line) => lines.push(JSON.parse(line)) });
  const store = (name: string): QueueStore =>
    dir === undefined ? createMemoryQueueStore() : createFileQueueStore(path.join(dir, "queues", name));
  const queues = {} as Record<TestConsumer, LocalQueue>;
  const deadLetters = {} as Record<TestConsumer, LocalQueue>;
  for (const consumer of CONSUMERS) {
    deadLetters[consumer] = createLocalQueue({
      name: `${consumer}-dlq`,
      store: store(`${consumer}-dlq`),
      clock,
    });
    queues[consumer] = createLocalQueue({
      name: consumer,
      store: store(consumer),
      clock,
      deadLetter: deadLetters[consumer],
      visibilityTimeoutMs: VISIBILITY_MS,
    });
  }
  const archive: EventArchive =
    dir === undefined ? createMemoryEventArchive() : createFileEventArchive(path.join(dir, "archive.jsonl"));
  const subscriptions = SUBSCRIPTIONS.filter((s) => s.consumer === "storage" || s.consumer === "ledger");
  const bus = createLocalBus({ subscriptions, queues, archive, clock, newId: () => crypto.randomUUID() });
  const runners = Object.fromEntries(
    CONSUMERS.map((consumer) => [
      consumer,
      createLocalConsumerRunner({
        consumer,
        queue: queues[consumer],
        handler: handlers[consumer],
        clock,
        logger,
      }),
    ]),
  ) as Record<TestConsumer, ReturnType<typeof createLocalConsumerRunner>>;
  return { time, queues, deadLetters, archive, bus, runners, lines };
}

function detailTypes(event: { Records: { body: string }[] }): string[] {
  return event.Records.map(
    (record) => (JSON.parse(record.body) as EventBridgeEvent<string, unknown>)["detail-type"],
  );
}

const succeed: LocalSqsHandler = async () => {};
const failAll: LocalSqsHandler = async (event) => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
});

describe("the local runtime", () => {
  it("retries a failing message with backoff until the handler succeeds, then deletes it", async () => {
    const seen: string[][] = [];
    let failures = 0;
    const storage: LocalSqsHandler = async (event, context) => {
      seen.push(detailTypes(event));
      if (failures++ < 2) return failAll(event, context);
    };
    const { time, bus, queues, runners } = createRuntime({ storage, ledger: succeed });
    await bus.publish([instanceRequested, storageReady]);
    expect(queues.ledger.list()).toHaveLength(1);
    await runners.ledger.pollOnce();

    await runners.storage.pollOnce();
    time.now += 999;
    await expect(runners.storage.pollOnce()).resolves.toBe(0);
    time.now += 1;
    await runners.storage.pollOnce();
    time.now += 1_999;
    await expect(runners.storage.pollOnce()).resolves.toBe(0);
    time.now += 1;
    await runners.storage.pollOnce();

    expect(seen).toEqual([["InstanceRequested"], ["InstanceRequested"], ["InstanceRequested"]]);
    expect(queues.storage.counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(queues.ledger.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it("dead-letters a message after 5 failed receives, lists it, and redrives it", async () => {
    const { time, bus, queues, deadLetters, runners, lines } = createRuntime({
      storage: failAll,
      ledger: succeed,
    });
    await bus.publish([instanceRequested]);
    for (let poll = 0; poll < 6; poll++, time.now += 60_000) await runners.storage.pollOnce();

    const [dead] = deadLetters.storage.list();
    expect(dead).toMatchObject({ receiveCount: 5, sourceQueue: "storage" });
    expect(JSON.parse(dead!.body)).toMatchObject({ "detail-type": "InstanceRequested" });
    expect(queues.storage.counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(
      lines.filter((line) => line.level === "warn" && line.deadLetterQueue === "storage-dlq"),
    ).toHaveLength(1);

    expect(deadLetters.storage.redrive()).toBe(1);
    expect(deadLetters.storage.list()).toEqual([]);
    expect(queues.storage.receive()).toEqual([
      expect.objectContaining({ messageId: dead!.messageId, receiveCount: 1 }),
    ]);
  });

  it("survives a restart over the same directory: queues and archive", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bbws-local-runtime-"));
    dirs.push(dir);
    const before = createRuntime({ storage: failAll, ledger: succeed }, dir);
    await before.bus.publish([instanceRequested, storageReady]);
    await before.runners.ledger.pollOnce();
    await before.runners.storage.pollOnce();

    const handled: string[][] = [];
    const after = createRuntime(
      { storage: async (event) => void handled.push(detailTypes(event)), ledger: succeed },
      dir,
    );
    expect(after.queues.storage.counts()).toEqual({ visible: 1, inFlight: 0 });
    expect(after.queues.ledger.counts()).toEqual({ visible: 0, inFlight: 0 });
    await after.runners.storage.pollOnce();
    expect(handled).toEqual([["InstanceRequested"]]);
    expect(after.queues.storage.list()).toEqual([]);

    await expect(after.archive.replay({ name: "restart-check", instanceId: "i-1" }, after.bus)).resolves.toBe(
      2,
    );
    expect(after.archive.read()).toHaveLength(2);
    const [replayed] = after.queues.storage.list();
    expect(JSON.parse(replayed!.body)).toMatchObject({ "replay-name": "restart-check" });
  });
});
