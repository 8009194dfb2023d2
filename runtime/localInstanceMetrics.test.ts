import type { LocalComputeUsage } from "@bbws/compute";
import type { TargetGroupCounters } from "@bbws/routing";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLocalInstanceMetrics, type MeteredInstance } from "./localInstanceMetrics.ts";

const MIB = 1_048_576;
const acme: MeteredInstance = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "prod",
  size: "small", // 256 CPU units (a quarter vCPU), 512 MiB
};
const at = (time: string) => Date.parse(`2026-11-22T${time}Z`);

/** A fake compute, proxy and clock; `sample` sets what they report, then samples. */
function harness(options: { keepMs?: number; sampleEveryMs?: number } = {}) {
  let now = 0;
  let listed: MeteredInstance[] = [acme];
  let ledgerDown = false;
  const usage = new Map<string, LocalComputeUsage | null>();
  const byTargetGroup: Record<string, TargetGroupCounters> = {};
  const errors: unknown[] = [];
  const compute = {
    usages: vi.fn((instances: readonly MeteredInstance[]) => {
      const found = new Map<string, LocalComputeUsage>();
      for (const { instanceId } of instances) {
        const reading = usage.get(instanceId);
        if (reading) found.set(instanceId, reading);
      }
      return found;
    }),
  };
  const metrics = createLocalInstanceMetrics({
    compute,
    proxy: { counters: () => ({ byTargetGroup, unknownHost: 0 }) },
    clock: () => now,
    instances: async () => {
      if (ledgerDown) throw new Error("the ledger is down");
      return listed;
    },
    logger: {
      info: () => {},
      warn: () => {},
      error: (_message, fields) => errors.push(fields?.error),
      child: () => {
        throw new Error("not used");
      },
    },
    ...options,
  });
  return {
    metrics,
    compute,
    errors,
    list(instances: MeteredInstance[]) {
      listed = instances;
    },
    setLedgerDown(down: boolean) {
      ledgerDown = down;
    },
    async sample(time: string, reading: { cpu: number; memoryMiB: number } | null, requests: number) {
      now = at(time);
      usage.set(
        acme.instanceId,
        reading && { cpuSeconds: reading.cpu, memoryBytes: reading.memoryMiB * MIB, processes: 3 },
      );
      byTargetGroup["tg-acme-prod"] = {
        requests,
        forwarded: requests,
        maintenance: 0,
        noTarget: 0,
        badGateway: 0,
        timeouts: 0,
      };
      await metrics.sampleNow();
    },
  };
}

const window = (start: string, end: string, periodSeconds = 60) => ({
  instance: acme,
  startTime: at(start),
  endTime: at(end),
  periodSeconds,
});

afterEach(() => vi.useRealTimers());

describe("createLocalInstanceMetrics", () => {
  it("turns samples into CPU and memory percent of the size and requests per period", async () => {
    const { metrics, sample } = harness();
    await sample("09:59:50", { cpu: 10, memoryMiB: 256 }, 100); // before the window: opens its first interval
    // 10:00 - 10:01: 2.5 CPU s in 50 s = 0.05 vCPU = 20 % of a quarter vCPU; memory 128 MiB on average.
    await sample("10:00:00", { cpu: 10.5, memoryMiB: 192 }, 110);
    await sample("10:00:20", { cpu: 11.5, memoryMiB: 64 }, 130);
    await sample("10:00:40", { cpu: 12.5, memoryMiB: 128 }, 135);
    // 10:01 - 10:02: suspended (no process): only the proxy's maintenance answers count.
    await sample("10:01:10", null, 140);
    // 10:02 - 10:03: resumed, then restarted (CPU starts again from 0): 1 s + 0.75 s in 40 s.
    await sample("10:02:10", { cpu: 0.25, memoryMiB: 64 }, 150);
    await sample("10:02:30", { cpu: 1.25, memoryMiB: 64 }, 160);
    await sample("10:02:50", { cpu: 0.75, memoryMiB: 64 }, 160);
    await sample("10:03:00", { cpu: 100, memoryMiB: 512 }, 999); // at endTime: outside the window

    expect(await metrics.read(window("10:00:00", "10:03:00"))).toEqual({
      period: 60,
      series: [
        {
          name: "CPUUtilization",
          unit: "Percent",
          points: [
            { timestamp: "2026-11-22T10:00:00.000Z", value: 20 },
            { timestamp: "2026-11-22T10:02:00.000Z", value: 17.5 },
          ],
        },
        {
          name: "MemoryUtilization",
          unit: "Percent",
          points: [
            { timestamp: "2026-11-22T10:00:00.000Z", value: 25 },
            { timestamp: "2026-11-22T10:02:00.000Z", value: 12.5 },
          ],
        },
        {
          name: "RequestCount",
          unit: "Count",
          points: [
            { timestamp: "2026-11-22T10:00:00.000Z", value: 35 },
            { timestamp: "2026-11-22T10:01:00.000Z", value: 5 },
            { timestamp: "2026-11-22T10:02:00.000Z", value: 20 },
          ],
        },
      ],
    });
  });

  it("aligns periods on startTime and uses the size's allotment", async () => {
    const { metrics, sample, list } = harness();
    list([{ ...acme, size: "large" }]); // 1024 units, 2048 MiB
    await sample("10:00:00", { cpu: 0, memoryMiB: 1024 }, 0);
    await sample("10:00:10", { cpu: 5, memoryMiB: 512 }, 7);
    const page = await metrics.read(window("09:59:30", "10:01:00", 120));
    expect(page).toEqual({
      period: 120,
      series: [
        {
          name: "CPUUtilization",
          unit: "Percent",
          points: [{ timestamp: "2026-11-22T09:59:30.000Z", value: 50 }],
        },
        {
          name: "MemoryUtilization",
          unit: "Percent",
          points: [{ timestamp: "2026-11-22T09:59:30.000Z", value: 37.5 }],
        },
        {
          name: "RequestCount",
          unit: "Count",
          points: [{ timestamp: "2026-11-22T09:59:30.000Z", value: 7 }],
        },
      ],
    });
  });

  it("keeps keepMs of samples, and forgets an instance that is no longer listed", async () => {
    const { metrics, sample, list } = harness({ keepMs: 30_000 });
    for (const [index, time] of ["10:00:00", "10:00:10", "10:00:20", "10:00:30", "10:00:40"].entries())
      await sample(time, { cpu: index, memoryMiB: 128 * (index + 1) }, 10 * index);
    // 10:00:00 is older than 30 s: the first interval left is 10:00:10 -> 10:00:20.
    const page = await metrics.read(window("10:00:00", "10:01:00"));
    expect(page.series.map((series) => series.points.map((point) => point.value))).toEqual([
      [40], // 3 CPU s in 30 s of a quarter vCPU
      [87.5], // 256, 384, 512 and 640 MiB of 512
      [30],
    ]);
    list([]);
    await sample("10:00:50", { cpu: 9, memoryMiB: 128 }, 90);
    expect(
      (await metrics.read(window("10:00:00", "10:01:00"))).series.map((series) => series.points),
    ).toEqual([[], [], []]);
  });

  it("answers three empty series for an instance it never sampled", async () => {
    const { metrics } = harness();
    const page = await metrics.read({
      ...window("10:00:00", "10:01:00"),
      instance: { ...acme, instanceId: "x" },
    });
    expect(page).toEqual({
      period: 60,
      series: [
        { name: "CPUUtilization", unit: "Percent", points: [] },
        { name: "MemoryUtilization", unit: "Percent", points: [] },
        { name: "RequestCount", unit: "Count", points: [] },
      ],
    });
  });

  it("samples on its interval from start() until stop(), and logs a failed sample", async () => {
    vi.useFakeTimers();
    const { metrics, compute, setLedgerDown, errors } = harness({ sampleEveryMs: 10_000 });
    metrics.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(compute.usages).toHaveBeenCalledTimes(3);
    setLedgerDown(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(errors).toEqual([new Error("the ledger is down")]);
    setLedgerDown(false);
    metrics.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(compute.usages).toHaveBeenCalledTimes(3);
  });

  it("asks compute once per sample for every listed instance: one pass over /proc, not one each", async () => {
    const { compute, sample, list } = harness();
    const bravo: MeteredInstance = { ...acme, instanceId: crypto.randomUUID(), tenantId: "bravo" };
    list([acme, bravo]);
    await sample("10:00:00", { cpu: 1, memoryMiB: 64 }, 0);
    expect(compute.usages).toHaveBeenCalledTimes(1);
    expect(compute.usages).toHaveBeenCalledWith([acme, bravo]);
  });
});
