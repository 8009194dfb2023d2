import { createJsonLogger } from "@bbws/mesh";
import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createLocalConsumerRunner, failedIds, type LocalSqsHandler } from "./localConsumerRunner.ts";
import { createLocalQueue } from "./localQueue.ts";
import { createLocalRecordVisibility } from "./localRecordVisibility.ts";
import { createMemoryQueueStore } from "./queueStore.ts";

const VISIBILITY_MS = 30_000;

function setup(handler: LocalSqsHandler, overrides: { maxReceiveCount?: number } = {}) {
  const time = { now: 0 };
  const clock = () => time.now;
  const lines: Record<string, unknown>[] = [];
  const logger = createJsonLogger({ write: (line) => lines.push(JSON.parse(line)) });
  const dlq = createLocalQueue({ name: "storage-dlq", store: createMemoryQueueStore(), clock });
  const queue = createLocalQueue({
    name: "storage",
    store: createMemoryQueueStore(),
    clock,
    deadLetter: dlq,
    visibilityTimeoutMs: VISIBILITY_MS,
    ...overrides,
  });
  const runner = createLocalConsumerRunner({
    consumer: "storage",
    queue,
    handler,
    clock,
    logger,
    retryMaxMs: 4_000,
  });
  return { time, queue, dlq, runner, lines };
}

const failAll: LocalSqsHandler = async (event) => ({
  batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })),
});

describe("createLocalConsumerRunner", () => {
  it("brings a record the handler hid back when the handler said, not after its backoff", async () => {
    const time = { now: 0 };
    const clock = () => time.now;
    const queue = createLocalQueue({ name: "compute", store: createMemoryQueueStore(), clock });
    const visibility = createLocalRecordVisibility(queue);
    const waiting: LocalSqsHandler = async (event) => {
      for (const record of event.Records) if (record.body === "pending") await visibility.hide(record, 7);
      return failAll(event, {} as never);
    };
    const runner = createLocalConsumerRunner({
      consumer: "compute",
      queue,
      handler: waiting,
      clock,
      logger: createJsonLogger({ write: () => undefined }),
      visibility,
    });
    queue.send("pending");
    queue.send("failed");

    await runner.pollOnce();
    time.now = 1_000;
    expect(queue.receive().map((message) => message.body)).toEqual(["failed"]);
    time.now = 6_999;
    expect(queue.receive()).toEqual([]);
    time.now = 7_000;
    expect(queue.receive().map((message) => message.body)).toEqual(["pending"]);
  });

  it("hands the batch to the handler and deletes what succeeded", async () => {
    const events: SQSEvent[] = [];
    const { queue, runner } = setup(async (event) => void events.push(event));
    queue.send("a");
    queue.send("b");

    await expect(runner.pollOnce()).resolves.toBe(2);
    expect(
      events[0]?.Records.map((record) => [record.body, record.attributes.ApproximateReceiveCount]),
    ).toEqual([
      ["a", "1"],
      ["b", "1"],
    ]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
    await expect(runner.pollOnce()).resolves.toBe(0);
    expect(events).toHaveLength(1);
  });

  it("retries only the reported failures, backing off exponentially up to retryMaxMs", async () => {
    const { time, queue, runner } = setup(failAll, { maxReceiveCount: 10 });
    queue.send("poison");
    const delays: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const start = time.now;
      await runner.pollOnce();
      while ((await runner.pollOnce()) === 0) time.now += 1;
      delays.push(time.now - start);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 4_000]);
  });

  it("keeps the successes of a partial batch", async () => {
    const { time, queue, runner } = setup(async (event) => ({
      batchItemFailures: event.Records.filter((r) => r.body === "bad").map((r) => ({
        itemIdentifier: r.messageId,
      })),
    }));
    queue.send("good");
    queue.send("bad");
    await runner.pollOnce();
    time.now += 1_000;
    expect(queue.receive().map((m) => m.body)).toEqual(["bad"]);
  });

  it("fails the whole batch when the handler throws or names an unknown record", async () => {
    for (const handler of [
      async () => {
        throw new Error("boom");
      },
      async () => ({ batchItemFailures: [{ itemIdentifier: "not-in-batch" }] }),
    ] satisfies LocalSqsHandler[]) {
      const { time, queue, runner } = setup(handler);
      queue.send("a");
      queue.send("b");
      await runner.pollOnce();
      time.now += 1_000;
      expect(queue.receive()).toHaveLength(2);
    }
  });

  it("logs every move to the dead-letter queue at warn level", async () => {
    const { time, queue, dlq, runner, lines } = setup(failAll, { maxReceiveCount: 2 });
    const messageId = queue.send("poison");
    for (let poll = 0; poll < 3; poll++, time.now += VISIBILITY_MS) await runner.pollOnce();

    expect(dlq.list().map((m) => m.messageId)).toEqual([messageId]);
    const moved = lines.filter((line) => line.message === "message moved to the dead-letter queue");
    expect(moved).toEqual([
      expect.objectContaining({
        level: "warn",
        consumer: "storage",
        messageId,
        deadLetterQueue: "storage-dlq",
      }),
    ]);
  });

  it("loops until stopped, waiting with the injected sleep only when the queue is empty", async () => {
    const bodies: string[] = [];
    const time = { now: 0 };
    const queue = createLocalQueue({
      name: "storage",
      store: createMemoryQueueStore(),
      clock: () => time.now,
    });
    const sleeps: number[] = [];
    let idle = () => {};
    const idled = new Promise<void>((resolve) => {
      idle = resolve;
    });
    let wake = () => {};
    const runner = createLocalConsumerRunner({
      consumer: "storage",
      queue,
      handler: async (event) => void bodies.push(...event.Records.map((r) => r.body)),
      clock: () => time.now,
      logger: createJsonLogger({ level: "silent" }),
      batchSize: 1,
      idleWaitMs: 50,
      sleep: (ms) => {
        sleeps.push(ms);
        idle();
        return new Promise<void>((resolve) => {
          wake = resolve;
        });
      },
    });
    queue.send("a");
    queue.send("b");
    runner.start();
    await idled;
    const stopped = runner.stop();
    wake();
    await stopped;
    expect(bodies).toEqual(["a", "b"]);
    expect(sleeps).toEqual([50]);
  });
});

describe("failedIds", () => {
  const batch = new Set(["m-1", "m-2"]);
  it("reads a partial batch response as Lambda does", () => {
    expect(failedIds(undefined, batch)).toEqual(new Set());
    expect(failedIds({ batchItemFailures: [] }, batch)).toEqual(new Set());
    expect(failedIds({ batchItemFailures: [{ itemIdentifier: "m-2" }] }, batch)).toEqual(new Set(["m-2"]));
    expect(failedIds({ batchItemFailures: [{ itemIdentifier: "" }] }, batch)).toEqual(batch);
  });
});
