import { type InstalledClock, withGlobal } from "@sinonjs/fake-timers";

/**
 * Virtual time for the simulation: timers, Date and performance are faked on the globals, so the
 * SDK's retry backoff, the rate limiters, the consumers' polling and the simulated latencies all
 * wait in virtual time. `run` drives it: whenever the microtask queue is drained (a real
 * setImmediate turn), it jumps to the next timer and fires it. Nothing in the simulation may
 * wait on real I/O: it would be skipped over.
 */
export interface VirtualTime {
  readonly clock: InstalledClock;
  /** Drives virtual time until `work` settles; throws if nothing is scheduled and it has not. */
  run<T>(
    work: Promise<T>,
    options?: {
      readonly limitMs?: number;
      /** Real time to wait for real I/O while nothing is scheduled in virtual time (default 5 s). */
      readonly realIdleMs?: number;
    },
  ): Promise<T>;
  /** Timers fired so far by `run`. */
  readonly firedTimers: () => number;
  uninstall(): void;
}

export function installVirtualTime(startMs = Date.UTC(2026, 0, 1)): VirtualTime {
  const realSetImmediate = globalThis.setImmediate;
  const clock = withGlobal(globalThis).install({
    now: startMs,
    toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date", "performance"],
    loopLimit: 1_000_000_000,
    shouldClearNativeTimers: true,
  });
  // Node runs a timer of less than 1 ms after 1 ms; the fake clock would run it at once, without
  // moving: a rate limiter sleeping 0.99 ms for a token would then spin at one instant forever.
  const fakeSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = ((callback: () => void, ms?: number, ...args: unknown[]) =>
    fakeSetTimeout(callback, ms !== undefined && ms >= 1 ? ms : 1, ...args)) as typeof setTimeout;
  const drain = () => new Promise<void>((resolve) => realSetImmediate(resolve));
  let fired = 0;
  let installed = true;
  return {
    clock,
    firedTimers: () => fired,
    async run(work, options = {}) {
      const limitAt = clock.now + (options.limitMs ?? Number.POSITIVE_INFINITY);
      const realIdleMs = options.realIdleMs ?? 5_000;
      const outcome: { settled: boolean; ok?: boolean; value?: Awaited<typeof work>; error?: unknown } = {
        settled: false,
      };
      work.then(
        (value) => Object.assign(outcome, { settled: true, ok: true, value }),
        (error: unknown) => Object.assign(outcome, { settled: true, ok: false, error }),
      );
      let idleSince: bigint | undefined;
      for (;;) {
        await drain();
        if (outcome.settled) {
          if (outcome.ok) return outcome.value as Awaited<typeof work>;
          throw outcome.error;
        }
        if (clock.countTimers() === 0) {
          // Nothing scheduled in virtual time, but real I/O may be pending: an SDK client resolves
          // settings such as its FIPS and dual-stack endpoints from the shared config files, read
          // with real fs calls, which a loaded machine may not finish in one turn. Wait, in real time.
          idleSince ??= process.hrtime.bigint();
          if (Number(process.hrtime.bigint() - idleSince) / 1e6 < realIdleMs) continue;
          throw new Error(
            `virtual time: nothing scheduled, and the work has not settled after ${realIdleMs} ms of real time`,
          );
        }
        idleSince = undefined;
        if (clock.now > limitAt) throw new Error(`virtual time: limit of ${options.limitMs} ms passed`);
        clock.next();
        fired += 1;
      }
    },
    uninstall() {
      if (!installed) return;
      installed = false;
      globalThis.setTimeout = fakeSetTimeout;
      clock.uninstall();
    },
  };
}

/** Waits `ms` on whatever setTimeout is installed (virtual inside the simulation). */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
