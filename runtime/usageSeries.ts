import type { InstanceMetrics } from "@bbws/api";

/** One reading of an instance: cumulative CPU and request counters, memory now; null while it has no process. */
export interface UsageSample {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly cpuSeconds: number | null;
  readonly memoryBytes: number | null;
  readonly requests: number;
}

export type MetricSeries = Awaited<ReturnType<InstanceMetrics["read"]>>["series"][number];

export interface UsageSeriesInput {
  /** Oldest first; may start before `startTime` (the sample before the window opens its first interval). */
  readonly samples: readonly UsageSample[];
  readonly startTime: number;
  readonly endTime: number;
  readonly periodMs: number;
  /** The size's CPU units (1024 = one vCPU) and memory. */
  readonly cpuUnits: number;
  readonly memoryMiB: number;
}

interface Bucket {
  cpuSeconds: number;
  cpuMs: number;
  memoryBytes: number;
  memorySamples: number;
  requests: number;
  intervals: number;
}

const MIB = 1_048_576;

/**
 * Samples -> CPUUtilization, MemoryUtilization and RequestCount per period, aligned on
 * `startTime`, one point per period with data, oldest first. The interval between two
 * consecutive samples belongs to the period of the later one. CPU % is the CPU time
 * used over the interval's wall time, of the size's allotment (what ECS reports);
 * memory % is the period's average over the size's memory; requests the counter's
 * growth. A counter that went down was restarted (new processes): it counts from 0.
 */
export function usageSeries(input: UsageSeriesInput): MetricSeries[] {
  const buckets = new Map<number, Bucket>();
  input.samples.forEach((sample, index) => {
    if (sample.at < input.startTime || sample.at >= input.endTime) return;
    const period = Math.floor((sample.at - input.startTime) / input.periodMs);
    const bucket = buckets.get(period) ?? emptyBucket();
    buckets.set(period, bucket);
    if (sample.memoryBytes !== null) {
      bucket.memoryBytes += sample.memoryBytes;
      bucket.memorySamples += 1;
    }
    const previous = input.samples[index - 1];
    if (!previous || sample.at <= previous.at) return;
    bucket.requests += growth(previous.requests, sample.requests);
    bucket.intervals += 1;
    if (previous.cpuSeconds !== null && sample.cpuSeconds !== null) {
      bucket.cpuSeconds += growth(previous.cpuSeconds, sample.cpuSeconds);
      bucket.cpuMs += sample.at - previous.at;
    }
  });
  const periods = [...buckets.keys()].sort((a, b) => a - b);
  const points = (value: (bucket: Bucket) => number | undefined) =>
    periods.flatMap((period) => {
      const found = value(buckets.get(period)!);
      if (found === undefined) return [];
      return [{ timestamp: new Date(input.startTime + period * input.periodMs).toISOString(), value: found }];
    });
  return [
    {
      name: "CPUUtilization",
      unit: "Percent",
      // Multiplications first: keeps round inputs exact in floating point.
      points: points((bucket) =>
        bucket.cpuMs > 0
          ? (bucket.cpuSeconds * 1000 * 1024 * 100) / (bucket.cpuMs * input.cpuUnits)
          : undefined,
      ),
    },
    {
      name: "MemoryUtilization",
      unit: "Percent",
      points: points((bucket) =>
        bucket.memorySamples > 0
          ? (bucket.memoryBytes * 100) / (bucket.memorySamples * input.memoryMiB * MIB)
          : undefined,
      ),
    },
    {
      name: "RequestCount",
      unit: "Count",
      points: points((bucket) => (bucket.intervals > 0 ? bucket.requests : undefined)),
    },
  ];
}

function emptyBucket(): Bucket {
  return { cpuSeconds: 0, cpuMs: 0, memoryBytes: 0, memorySamples: 0, requests: 0, intervals: 0 };
}

function growth(previous: number, current: number): number {
  return current >= previous ? current - previous : current;
}
