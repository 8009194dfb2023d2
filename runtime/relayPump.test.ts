import { silentLogger } from "@bbws/mesh";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRelayPump } from "./relayPump.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** A relay whose runs end when the test says so. */
function controlledRelay() {
  const ends: (() => void)[] = [];
  let runs = 0;
  return {
    relay: () =>
      new Promise<number>((resolve) => {
        runs += 1;
        ends.push(() => resolve(1));
      }),
    runs: () => runs,
    endNext: async () => {
      ends.shift()?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe("createRelayPump", () => {
  it("relays at once at start and on a kick, without waiting for the fallback poll", async () => {
    vi.useFakeTimers();
    const relay = controlledRelay();
    const pump = createRelayPump({ relay: relay.relay, logger: silentLogger, fallbackMs: 1_000 });
    expect(relay.runs()).toBe(1);
    await relay.endNext();
    pump.kick();
    expect(relay.runs()).toBe(2);
    await relay.endNext();
    await pump.stop();
  });

  it("never runs two relays at once, and runs one more for kicks during a relay", async () => {
    vi.useFakeTimers();
    const relay = controlledRelay();
    const pump = createRelayPump({ relay: relay.relay, logger: silentLogger, fallbackMs: 1_000 });
    pump.kick();
    pump.kick();
    expect(relay.runs()).toBe(1);
    await relay.endNext();
    // The kicks came during the first relay: its query may have missed their commits.
    expect(relay.runs()).toBe(2);
    await relay.endNext();
    expect(relay.runs()).toBe(2);
    await pump.stop();
  });

  it("polls on the fallback interval for what no kick announced, and stops polling when stopped", async () => {
    vi.useFakeTimers();
    let runs = 0;
    const pump = createRelayPump({
      relay: async () => {
        runs += 1;
        return 0;
      },
      logger: silentLogger,
      fallbackMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toBe(2);
    await pump.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    pump.kick();
    expect(runs).toBe(2);
  });

  it("keeps pumping after a relay fails", async () => {
    vi.useFakeTimers();
    let runs = 0;
    const pump = createRelayPump({
      relay: async () => {
        runs += 1;
        if (runs === 1) throw new Error("DynamoDB Local is restarting");
        return 0;
      },
      logger: silentLogger,
      fallbackMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(0);
    pump.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
    await pump.stop();
  });
});
