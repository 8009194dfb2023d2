import { describe, expect, it } from "vitest";
import { createConsumerLanes } from "./consumerLanes.ts";

/** A batch the test finishes when it chooses. */
interface Started {
  readonly batch: readonly string[];
  finish(): void;
}

/** Lets every settled promise's callbacks run (no timers involved). */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(options: { concurrency: number; batchSize?: number }) {
  const started: Started[] = [];
  const lanes = createConsumerLanes<string>({
    concurrency: options.concurrency,
    batchSize: options.batchSize ?? 10,
    // "a1" is lane a's first message.
    laneOf: (message) => message.slice(0, 1),
    run: (batch) =>
      new Promise<void>((resolve) => {
        started.push({ batch, finish: resolve });
      }),
  });
  const batches = () => started.map((entry) => entry.batch.join(","));
  const finish = async (batch: string) => {
    const entry = started.find((candidate) => candidate.batch.join(",") === batch);
    if (!entry) throw new Error(`batch ${batch} has not started`);
    entry.finish();
    await flush();
  };
  return { lanes, batches, finish };
}

describe("createConsumerLanes", () => {
  it("runs different lanes side by side, up to the concurrency; the next lane starts when one settles", async () => {
    const { lanes, batches, finish } = setup({ concurrency: 2 });
    lanes.add(["a1", "b1", "c1"]);
    expect(batches()).toEqual(["a1", "b1"]);
    await finish("b1");
    expect(batches()).toEqual(["a1", "b1", "c1"]);
  });

  it("hands one lane's messages over in arrival order, one batch at a time", async () => {
    const { lanes, batches, finish } = setup({ concurrency: 4 });
    lanes.add(["a1", "b1", "a2"]);
    lanes.add(["a3", "a4"]);
    expect(batches()).toEqual(["a1,a2", "b1"]);
    await finish("b1");
    expect(batches()).toEqual(["a1,a2", "b1"]);
    await finish("a1,a2");
    expect(batches()).toEqual(["a1,a2", "b1", "a3,a4"]);
  });

  it("splits a long lane into batches of batchSize", async () => {
    const { lanes, batches, finish } = setup({ concurrency: 2, batchSize: 2 });
    lanes.add(["a1", "a2", "a3"]);
    expect(batches()).toEqual(["a1,a2"]);
    await finish("a1,a2");
    expect(batches()).toEqual(["a1,a2", "a3"]);
  });

  it("counts the messages it holds until they settle, and says when a batch settles", async () => {
    const { lanes, finish } = setup({ concurrency: 1 });
    lanes.add(["a1", "a2", "b1"]);
    expect(lanes.held()).toBe(3);
    let woken = false;
    void lanes.settled().then(() => {
      woken = true;
    });
    await flush();
    expect(woken).toBe(false);
    await finish("a1,a2");
    expect(woken).toBe(true);
    expect(lanes.held()).toBe(1);
  });

  it("keeps going after a batch's run rejects", async () => {
    const started: string[] = [];
    const lanes = createConsumerLanes<string>({
      concurrency: 1,
      batchSize: 10,
      laneOf: (message) => message,
      run: async (batch) => {
        started.push(batch.join(","));
        throw new Error("boom");
      },
    });
    lanes.add(["a1", "b1"]);
    await flush();
    expect(started).toEqual(["a1", "b1"]);
    expect(lanes.held()).toBe(0);
  });

  it("stops: waits for the running batches, starts nothing more and gives back the rest", async () => {
    const { lanes, batches, finish } = setup({ concurrency: 1 });
    lanes.add(["a1", "b1", "c1"]);
    let stoppedWith: string[] | undefined;
    void lanes.stop().then((rest) => {
      stoppedWith = rest;
    });
    await flush();
    expect(stoppedWith).toBeUndefined();
    await finish("a1");
    expect(batches()).toEqual(["a1"]);
    expect(stoppedWith).toEqual(["b1", "c1"]);
    expect(lanes.held()).toBe(0);
  });

  it("refuses a concurrency below one", () => {
    expect(() => setup({ concurrency: 0 })).toThrow(RangeError);
  });
});
