import type { InstanceAddress, InstanceMetrics, MetricsRequest } from "@bbws/api";
import type { LocalComputeProvider } from "@bbws/compute";
import { resourceNames, type Size, sizePreset } from "@bbws/contracts";
import type { LedgerStore } from "@bbws/ledger";
import { type Logger, silentLogger } from "@bbws/mesh";
import type { ReverseProxy } from "@bbws/routing";
import { type UsageSample, usageSeries } from "./usageSeries.ts";

/** An instance to meter: its address and its size (the CPU and memory allotment). */
export interface MeteredInstance extends InstanceAddress {
  readonly size: Size;
}

export interface LocalInstanceMetricsOptions {
  readonly compute: Pick<LocalComputeProvider, "usages">;
  readonly proxy: Pick<ReverseProxy, "counters">;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** The instances to sample: the ledger's ACTIVE and SUSPENDED ones. Others' samples are dropped. */
  readonly instances: () => Promise<readonly MeteredInstance[]>;
  readonly sampleEveryMs?: number;
  readonly keepMs?: number;
  readonly logger?: Logger;
}

export interface LocalInstanceMetrics extends InstanceMetrics {
  /** Takes one sample of every instance now (the interval calls it; tests call it directly). */
  sampleNow(): Promise<void>;
  /** Samples every `sampleEveryMs` on an unref'd timer until `stop()`. */
  start(): void;
  stop(): void;
}

interface Ring {
  size: Size;
  samples: UsageSample[];
}

const DAY_MS = 86_400_000;

/**
 * The InstanceMetrics port on one machine, like ECS and the ALB report to CloudWatch:
 * every `sampleEveryMs` it records each instance's processes (compute's `usages`: CPU
 * seconds, PSS) and the proxy's request counter of its target group, keeping `keepMs`
 * of samples in memory (lost at restart); `read` turns them into the same three series
 * as `createCloudWatchInstanceMetrics` (see usageSeries.ts).
 */
export function createLocalInstanceMetrics(options: LocalInstanceMetricsOptions): LocalInstanceMetrics {
  const sampleEveryMs = options.sampleEveryMs ?? 10_000;
  const keepMs = options.keepMs ?? DAY_MS;
  const capacity = Math.ceil(keepMs / sampleEveryMs) + 1;
  const logger = options.logger ?? silentLogger;
  const rings = new Map<string, Ring>();
  let timer: NodeJS.Timeout | undefined;
  let sampling = false;

  async function sampleNow(): Promise<void> {
    const instances = await options.instances();
    const byTargetGroup = options.proxy.counters().byTargetGroup;
    const at = options.clock();
    const listed = new Set(instances.map((instance) => instance.instanceId));
    for (const instanceId of rings.keys()) if (!listed.has(instanceId)) rings.delete(instanceId);
    // One pass over /proc for all of them: a pass per instance made each tick cost ~160 ms with ten.
    const usages = options.compute.usages(instances);
    for (const instance of instances) {
      const usage = usages.get(instance.instanceId);
      const group = resourceNames(instance.tenantId, instance.environment).targetGroup;
      const ring = rings.get(instance.instanceId) ?? { size: instance.size, samples: [] };
      ring.size = instance.size;
      ring.samples.push({
        at,
        cpuSeconds: usage?.cpuSeconds ?? null,
        memoryBytes: usage?.memoryBytes ?? null,
        requests: byTargetGroup[group]?.requests ?? 0,
      });
      const oldest = ring.samples.findIndex((sample) => sample.at >= at - keepMs);
      ring.samples.splice(0, Math.max(oldest, ring.samples.length - capacity));
      rings.set(instance.instanceId, ring);
    }
  }

  function tick(): void {
    if (sampling) return; // the previous sample is still reading /proc or the ledger
    sampling = true;
    sampleNow()
      .catch((error: unknown) => logger.error("instance metrics sample failed", { error }))
      .finally(() => {
        sampling = false;
      });
  }

  return {
    sampleNow,
    start() {
      if (timer) return;
      timer = setInterval(tick, sampleEveryMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
    async read(request: MetricsRequest) {
      const ring = rings.get(request.instance.instanceId);
      const { cpu, memoryMiB } = sizePreset(ring?.size ?? "small"); // no ring: no samples, no points
      return {
        period: request.periodSeconds,
        series: usageSeries({
          samples: ring?.samples ?? [],
          startTime: request.startTime,
          endTime: request.endTime,
          periodMs: request.periodSeconds * 1000,
          cpuUnits: cpu,
          memoryMiB,
        }),
      };
    },
  };
}

/** The instances that may run a site: ACTIVE and SUSPENDED ones, every page. */
export async function meteredInstancesOf(store: LedgerStore): Promise<MeteredInstance[]> {
  const metered: MeteredInstance[] = [];
  for (const state of ["ACTIVE", "SUSPENDED"] as const) {
    let startAt: string | undefined;
    do {
      const page = await store.list({ state, limit: 100, ...(startAt ? { startAt } : {}) });
      for (const { instanceId, tenantId, environment, spec } of page.items)
        metered.push({ instanceId, tenantId, environment, size: spec.size });
      startAt = page.nextStartAt;
    } while (startAt);
  }
  return metered;
}
