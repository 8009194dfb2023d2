import type { HealthCheckTarget, HealthProbe } from "@bbws/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runHealthProbes } from "./runHealthProbes.ts";

const target: HealthCheckTarget = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  outputs: {},
  desiredCount: 1,
};

const after = (ms: number, probe: Omit<HealthProbe, "check">, answer: () => unknown): HealthProbe => ({
  ...probe,
  check: (_target, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        try {
          resolve(answer() as never);
        } catch (error) {
          reject(error);
        }
      }, ms);
      signal.addEventListener("abort", () => clearTimeout(timer));
    }),
});

describe("runHealthProbes", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs the parts at once, each timed, a slow one cut at its budget and a throwing one failed", async () => {
    let aborted = false;
    const slow: HealthProbe = {
      part: "drift",
      check: (_target, signal) => new Promise(() => signal.addEventListener("abort", () => (aborted = true))),
    };
    const parts = runHealthProbes({
      target,
      partTimeoutMs: 300,
      now: () => Date.now(),
      probes: [
        after(40, { part: "http" }, () => ({ outcome: "pass", detail: "200" })),
        after(10, { part: "process" }, () => {
          throw new Error("registry unreadable");
        }),
        after(20, { part: "route" }, () => ({ outcome: "warn", detail: "x", drift: ["routing:route"] })),
        slow,
      ],
    });
    await vi.advanceTimersByTimeAsync(300);
    expect(await parts).toEqual([
      { part: "http", outcome: "pass", ms: 40, detail: "200" },
      { part: "process", outcome: "fail", ms: 10, detail: "registry unreadable" },
      { part: "route", outcome: "warn", ms: 20, detail: "x", drift: ["routing:route"] },
      { part: "drift", outcome: "timeout", ms: 300, detail: "no answer within 300 ms" },
    ]);
    expect(aborted).toBe(true);
  });
});
