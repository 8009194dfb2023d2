import { createJsonLogger } from "@bbws/mesh";
import type { SQSBatchResponse } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createLocalConsumerRunner, instanceLaneOf } from "./localConsumerRunner.ts";
import { createLocalQueue, type ReceivedMessage } from "./localQueue.ts";
import { createMemoryQueueStore } from "./queueStore.ts";

/** A bus event's body, reduced to what the lanes read: its instance, and a name for the test. */
const eventFor = (instanceId: string, name: string) =>
  JSON.stringify({ detail: { meta: { instanceId } }, name });

/** Lets settled promises' callbacks run (no timers involved). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A started runner whose invocations the test finishes one by one; its idle wait never ends by itself. */
function setup(concurrency: number) {
  const queue = createLocalQueue({ name: "compute", store: createMemoryQueueStore(), clock: () => 0 });
  const invocations: { names: string[]; finish: (response?: SQSBatchResponse) => void }[] = [];
  const runner = createLocalConsumerRunner({
    consumer: "compute",
    queue,
    clock: () => 0,
    logger: createJsonLogger({ level: "silent" }),
    concurrency,
    sleep: () => new Promise<void>(() => {}),
    handler: (event) =>
      new Promise((resolve) => {
        const names = event.Records.map((record) => (JSON.parse(record.body) as { name: string }).name);
        invocations.push({ names, finish: (response) => resolve(response) });
      }),
  });
  const started = () => invocations.map((invocation) => invocation.names.join(","));
  const finish = async (names: string) => {
    const invocation = invocations.find((candidate) => candidate.names.join(",") === names);
    if (!invocation) throw new Error(`no invocation with ${names}`);
    invocation.finish();
    await flush();
  };
  return { queue, runner, started, finish };
}

describe("createLocalConsumerRunner, started", () => {
  it("invokes the handler for several instances at once, up to its concurrency", async () => {
    const { queue, runner, started, finish } = setup(2);
    for (const instance of ["i-1", "i-2", "i-3"]) queue.send(eventFor(instance, instance));
    runner.start();
    await flush();
    expect(started()).toEqual(["i-1", "i-2"]);
    await finish("i-2");
    expect(started()).toEqual(["i-1", "i-2", "i-3"]);
    await finish("i-1");
    await finish("i-3");
    await runner.stop();
    expect(queue.counts()).toEqual({ visible: 0, inFlight: 0 });
  });

  it("hands one instance's messages over in order, never two invocations of one instance at once", async () => {
    const { queue, runner, started, finish } = setup(4);
    queue.send(eventFor("i-1", "first"));
    queue.send(eventFor("i-2", "other"));
    queue.send(eventFor("i-1", "second"));
    runner.start();
    await flush();
    expect(started()).toEqual(["first,second", "other"]);
    // Sent while i-1 is being handled: it waits for that invocation, however many slots are free.
    queue.send(eventFor("i-1", "third"));
    await flush();
    expect(started()).toEqual(["first,second", "other"]);
    await finish("first,second");
    expect(started()).toEqual(["first,second", "other", "third"]);
    await finish("other");
    await finish("third");
    await runner.stop();
  });

  it("wakes on a message sent while it waits on the empty queue", async () => {
    const { queue, runner, started, finish } = setup(2);
    runner.start();
    await flush();
    expect(started()).toEqual([]);
    queue.send(eventFor("i-1", "late"));
    await flush();
    expect(started()).toEqual(["late"]);
    await finish("late");
    await runner.stop();
  });

  it("on stop, finishes what runs and makes what it held but never started visible again", async () => {
    const { queue, runner, started, finish } = setup(1);
    queue.send(eventFor("i-1", "running"));
    queue.send(eventFor("i-2", "held"));
    runner.start();
    await flush();
    expect(started()).toEqual(["running"]);
    const stopped = runner.stop();
    await finish("running");
    await stopped;
    expect(started()).toEqual(["running"]);
    expect(queue.receive().map((message) => (JSON.parse(message.body) as { name: string }).name)).toEqual([
      "held",
    ]);
  });
});

describe("instanceLaneOf", () => {
  const message = (body: string): ReceivedMessage => ({
    messageId: "m-1",
    receiptHandle: "r-1",
    body,
    receiveCount: 1,
    sentAt: 0,
    firstReceivedAt: 0,
  });
  it("is the event's instance, or the message itself when it names none", () => {
    expect(instanceLaneOf(message(eventFor("i-1", "x")))).toBe("instance:i-1");
    expect(instanceLaneOf(message("not json"))).toBe("message:m-1");
    expect(instanceLaneOf(message(JSON.stringify({ detail: {} })))).toBe("message:m-1");
  });
});
