import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createFileQueueStore } from "./fileQueueStore.ts";
import { createLocalQueue, type DeadLetterNotice, type LocalQueueOptions } from "./localQueue.ts";
import { createMemoryQueueStore } from "./queueStore.ts";

const VISIBILITY_MS = 30_000;

function setup(overrides: Partial<LocalQueueOptions> = {}) {
  const time = { now: 1_000 };
  let ids = 0;
  const newId = () => `id-${++ids}`;
  const clock = () => time.now;
  const dlq = createLocalQueue({ name: "orders-dlq", store: createMemoryQueueStore(), clock, newId });
  const queue = createLocalQueue({
    name: "orders",
    store: createMemoryQueueStore(),
    clock,
    newId,
    deadLetter: dlq,
    visibilityTimeoutMs: VISIBILITY_MS,
    ...overrides,
  });
  return { time, queue, dlq };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("createLocalQueue", () => {
  it("receives in send order with SQS attributes, counting every receive", () => {
    const { time, queue } = setup();
    const first = queue.send("one");
    queue.send("two");
    time.now = 5_000;
    const received = queue.receive(1);
    expect(received).toEqual([
      {
        messageId: first,
        receiptHandle: expect.any(String),
        body: "one",
        receiveCount: 1,
        sentAt: 1_000,
        firstReceivedAt: 5_000,
      },
    ]);
    expect(queue.receive(10).map((m) => m.body)).toEqual(["two"]);
  });

  it("hides a received message for the visibility timeout, then delivers it again with a new handle", () => {
    const { time, queue } = setup();
    queue.send("payload");
    const [first] = queue.receive();
    expect(queue.receive()).toEqual([]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 1 });

    time.now += VISIBILITY_MS;
    const [second] = queue.receive();
    expect(second?.receiveCount).toBe(2);
    expect(second?.firstReceivedAt).toBe(first?.firstReceivedAt);
    expect(second?.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it("deletes only with the latest receipt handle", () => {
    const { time, queue } = setup();
    queue.send("payload");
    const [first] = queue.receive();
    time.now += VISIBILITY_MS;
    const [second] = queue.receive();

    expect(queue.delete(first!.receiptHandle)).toBe(false);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 1 });
    expect(queue.delete(second!.receiptHandle)).toBe(true);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(queue.delete("unknown")).toBe(false);
  });

  it("changes visibility from the time of the call, only while in flight", () => {
    const { time, queue } = setup();
    queue.send("payload");
    const [message] = queue.receive();
    time.now += 10_000;
    expect(queue.changeVisibility(message!.receiptHandle, 4_000)).toBe(true);
    time.now += 3_999;
    expect(queue.receive()).toEqual([]);
    time.now += 1;
    const [again] = queue.receive();
    expect(again?.receiveCount).toBe(2);
    expect(queue.changeVisibility(message!.receiptHandle, 0)).toBe(false);
    expect(() => queue.changeVisibility(again!.receiptHandle, -1)).toThrow(RangeError);
  });

  it("rejects a batch size outside 1 to 10", () => {
    const { queue } = setup();
    expect(() => queue.receive(0)).toThrow(RangeError);
    expect(() => queue.receive(11)).toThrow(RangeError);
  });

  it("moves a message to the dead-letter queue instead of its (maxReceiveCount + 1)-th receive", () => {
    const { time, queue, dlq } = setup({ maxReceiveCount: 3 });
    const notices: DeadLetterNotice[] = [];
    queue.onDeadLetter((notice) => notices.push(notice));
    const messageId = queue.send("poison");
    for (let receive = 1; receive <= 3; receive++) {
      expect(queue.receive().map((m) => m.receiveCount)).toEqual([receive]);
      time.now += VISIBILITY_MS;
    }
    expect(queue.receive()).toEqual([]);
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
    expect(dlq.list()).toEqual([
      {
        messageId,
        body: "poison",
        sentAt: 1_000,
        receiveCount: 3,
        firstReceivedAt: 1_000,
        sourceQueue: "orders",
      },
    ]);
    expect(notices).toEqual([{ queue: "orders", deadLetterQueue: "orders-dlq", messageId, receiveCount: 3 }]);
  });

  it("redrives dead letters back to their source queue with the receive count reset", () => {
    const { time, queue, dlq } = setup({ maxReceiveCount: 1 });
    const kept = queue.send("a");
    const redriven = queue.send("b");
    queue.receive();
    time.now += VISIBILITY_MS;
    queue.receive();
    expect(dlq.list().map((m) => m.messageId)).toEqual([kept, redriven]);

    expect(dlq.redrive([redriven])).toBe(1);
    expect(dlq.list().map((m) => m.messageId)).toEqual([kept]);
    expect(queue.receive()).toEqual([expect.objectContaining({ messageId: redriven, receiveCount: 1 })]);
    expect(dlq.redrive()).toBe(1);
    expect(queue.list().map((m) => m.messageId)).toEqual([redriven, kept]);
  });

  it("redelivers forever without a dead-letter queue, as SQS does without a redrive policy", () => {
    const { time, queue } = setup({ deadLetter: undefined, maxReceiveCount: 1 });
    queue.send("payload");
    queue.receive();
    time.now += VISIBILITY_MS;
    expect(queue.receive().map((m) => m.receiveCount)).toEqual([2]);
  });

  it("survives a restart over a file store: unacknowledged messages are visible again", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bbws-local-queue-"));
    dirs.push(dir);
    const clock = () => 1_000;
    const before = createLocalQueue({ name: "orders", store: createFileQueueStore(dir), clock });
    const pending = before.send("pending");
    before.send("done");
    const [, done] = before.receive();
    before.delete(done!.receiptHandle);

    const after = createLocalQueue({ name: "orders", store: createFileQueueStore(dir), clock });
    expect(after.counts()).toEqual({ visible: 1, inFlight: 0 });
    expect(after.receive()).toEqual([
      expect.objectContaining({ messageId: pending, body: "pending", receiveCount: 2 }),
    ]);
  });

  it("redrives a dead letter persisted before a restart to the new source queue", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bbws-local-dlq-"));
    dirs.push(dir);
    const time = { now: 0 };
    const open = () => {
      const clock = () => time.now;
      const dlq = createLocalQueue({
        name: "orders-dlq",
        store: createFileQueueStore(path.join(dir, "dlq")),
        clock,
      });
      const store = createFileQueueStore(path.join(dir, "orders"));
      const queue = createLocalQueue({ name: "orders", store, clock, deadLetter: dlq, maxReceiveCount: 1 });
      return { queue, dlq };
    };
    const before = open();
    const messageId = before.queue.send("poison");
    before.queue.receive();
    time.now += VISIBILITY_MS;
    before.queue.receive();

    const after = open();
    expect(after.dlq.list()).toEqual([expect.objectContaining({ messageId, sourceQueue: "orders" })]);
    expect(after.dlq.redrive()).toBe(1);
    expect(after.queue.receive()).toEqual([expect.objectContaining({ messageId, receiveCount: 1 })]);
  });
});
