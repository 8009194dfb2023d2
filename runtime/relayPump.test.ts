import type { OutboxEntry } from "@bbws/ledger";
import { silentLogger } from "@bbws/mesh";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRelayPump } from "./relayPump.ts";

afterEach(() => {
  vi.useRealTimers();
});

const entry = (eventId: string) => ({ eventId, event: { eventId } }) as unknown as OutboxEntry;
const ids = (entries: readonly OutboxEntry[]) => entries.map((one) => one.eventId);

/** An outbox and a bus: queries answer `outbox`, publishes are recorded and end when the test says so. */
function controlledRelay(outbox: OutboxEntry[] = []) {
  const published: string[][] = [];
  const ends: (() => void)[] = [];
  let queries = 0;
  return {
    pending: async () => {
      queries += 1;
      return [...outbox];
    },
    publish: (entries: readonly OutboxEntry[]) =>
      new Promise<void>((resolve) => {
        published.push(ids(entries));
        ends.push(resolve);
      }),
    published,
    queries: () => queries,
    /** Ends the publish in flight and lets the pump take its next step. */
    endPublish: async () => {
      ends.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

function start(relay: ReturnType<typeof controlledRelay>) {
  return createRelayPump({
    pending: relay.pending,
    publish: relay.publish,
    logger: silentLogger,
    fallbackMs: 1_000,
  });
}

describe("createRelayPump", () => {
  it("queries the outbox once at start, then publishes what commits hand over without a query", async () => {
    vi.useFakeTimers();
    const relay = controlledRelay([entry("left-by-a-crash")]);
    const pump = start(relay);
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.published).toEqual([["left-by-a-crash"]]);
    await relay.endPublish();
    pump.kick([entry("a1"), entry("a2")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.published).toEqual([["left-by-a-crash"], ["a1", "a2"]]);
    expect(relay.queries()).toBe(1);
    await relay.endPublish();
    await pump.stop();
  });

  it("never publishes two batches at once, and takes what was handed over meanwhile next, in order", async () => {
    vi.useFakeTimers();
    const relay = controlledRelay();
    const pump = start(relay);
    await vi.advanceTimersByTimeAsync(0);
    pump.kick([entry("a")]);
    await vi.advanceTimersByTimeAsync(0);
    pump.kick([entry("b")]);
    pump.kick([entry("c")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.published).toEqual([["a"]]);
    await relay.endPublish();
    expect(relay.published).toEqual([["a"], ["b", "c"]]);
    await relay.endPublish();
    expect(relay.published).toHaveLength(2);
    await pump.stop();
  });

  it("publishes an entry once when the fallback query finds it and a commit hands it over too", async () => {
    vi.useFakeTimers();
    const outbox: OutboxEntry[] = [];
    const relay = controlledRelay(outbox);
    const pump = start(relay);
    await vi.advanceTimersByTimeAsync(0);
    // The commit landed (its entry is in the outbox) and handed it over while a query was due.
    outbox.push(entry("both"));
    pump.kick();
    pump.kick([entry("both"), entry("only-handed-over")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.published).toEqual([["both", "only-handed-over"]]);
    await relay.endPublish();
    await pump.stop();
  });

  it("queries on the fallback interval, and stops when stopped", async () => {
    vi.useFakeTimers();
    const relay = controlledRelay();
    const pump = start(relay);
    await vi.advanceTimersByTimeAsync(999);
    expect(relay.queries()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(relay.queries()).toBe(2);
    await pump.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    pump.kick();
    pump.kick([entry("after-stop")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(relay.queries()).toBe(2);
    expect(relay.published).toEqual([]);
  });

  it("keeps pumping after a failed publish, and leaves its entries to the fallback query", async () => {
    vi.useFakeTimers();
    const outbox = [entry("failed-once")];
    const attempts: string[][] = [];
    const pump = createRelayPump({
      pending: async () => [...outbox],
      publish: async (entries) => {
        attempts.push(ids(entries));
        if (attempts.length === 2) throw new Error("the bus is restarting");
        // Marked published: gone from the outbox.
        const done = new Set(ids(entries));
        outbox.splice(0, outbox.length, ...outbox.filter((one) => !done.has(one.eventId)));
      },
      logger: silentLogger,
      fallbackMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(attempts).toEqual([["failed-once"]]);
    outbox.push(entry("x"));
    pump.kick([entry("x")]);
    await vi.advanceTimersByTimeAsync(0);
    pump.kick([entry("y")]);
    await vi.advanceTimersByTimeAsync(0);
    // "x" failed and is not retried from memory; the next query finds it in the outbox.
    expect(attempts).toEqual([["failed-once"], ["x"], ["y"]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempts).toEqual([["failed-once"], ["x"], ["y"], ["x"]]);
    await pump.stop();
  });
});

describe("createRelayPump when the outbox cannot be read", () => {
  it("logs the failed query and tries again on the next tick, not at once", async () => {
    vi.useFakeTimers();
    let queries = 0;
    const pump = createRelayPump({
      pending: async () => {
        queries += 1;
        throw new Error("DynamoDB Local is restarting");
      },
      publish: async () => undefined,
      logger: silentLogger,
      fallbackMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(queries).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(queries).toBe(2);
    await pump.stop();
  });
});
