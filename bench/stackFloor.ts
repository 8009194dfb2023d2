import { type ComputeProvider, createLocalComputeProvider, HealthPendingError } from "@bbws/compute";
import type { InstanceRef } from "@bbws/contracts";
import { createLocalComputeFixture } from "../packages/compute/src/adapters/local/localComputeFixture.ts";
import { computeOperations } from "../packages/compute/src/testing/computeDriver.ts";
import { type Lap, seconds, timed } from "./stackReport.ts";
import { cpuSince, processTreeCpu } from "./support/processTreeCpu.ts";

/** One tenant through the provider alone: each figure to the first healthy answer, as the stack's. */
export interface FloorLifecycle {
  /** ComputeRequested → first healthy answer. */
  readonly one: number;
  /** suspend (processes gone). */
  readonly suspend: number;
  /** resume → first healthy answer. */
  readonly resume: number;
}

/**
 * The compute provider alone, as bench:provision-local drives it (compute's decider on a memory
 * journal, health looked at every 25 ms; no bus, queues, ledger or other service): the floor the
 * stack is held to. Each measure runs when asked, so the stack's runs and rounds can alternate
 * with the floor's and both see the same machine.
 */
export interface ProviderFloor {
  /** One tenant provisioned, suspended, resumed, then released. */
  lifecycle(): Promise<FloorLifecycle>;
  /**
   * `together` tenants at once, each to its first healthy answer, then released; with the CPU this
   * process and its children used until all were healthy, by label (as the stack's round reports it).
   */
  together(): Promise<{ lap: Lap; cpu: [string, number][] }>;
  /** Stops every process of the floor's tenants and removes its data dir. */
  cleanup(): Promise<void>;
}

export async function startProviderFloor(input: {
  together: number;
  say: (line: string) => void;
  /** Called at once with the fixture's cleanup and data dir, so a Ctrl-C mid-measure still removes it. */
  onStart: (fixture: { cleanup: () => Promise<void>; dataDir: string }) => void;
}): Promise<ProviderFloor> {
  const fixture = await createLocalComputeFixture({ portRange: { from: 22_000, to: 22_099 } });
  const provider = createLocalComputeProvider(fixture.options);
  const operations = computeOperations(provider, () => new Promise((resolve) => setTimeout(resolve, 25)));
  let cleaned: Promise<void> | undefined;
  const cleanup = () => {
    cleaned ??= provider.stopAll().finally(() => fixture.dispose());
    return cleaned;
  };
  input.onStart({ cleanup, dataDir: fixture.options.dataDir });
  let round = 0;
  const together = async () => {
    round += 1;
    const tenants = await Promise.all(Array.from({ length: input.together }, () => fixture.newTenant()));
    const cpuBefore = processTreeCpu();
    const started = performance.now();
    const each = await Promise.all(
      tenants.map(({ instance, request }) => timed(() => operations.ensure(instance, request))),
    );
    const lap = { each, all: performance.now() - started };
    // Before the release: a released group's workers are not this process's children to reap.
    const cpu = cpuSince(cpuBefore, processTreeCpu());
    for (const { instance } of tenants) await operations.release(instance);
    input.say(`  floor round ${round}: ${input.together} at once, all healthy after ${seconds(lap.all)}`);
    return { lap, cpu };
  };
  const lifecycle = async (): Promise<FloorLifecycle> => {
    const { instance, request } = await fixture.newTenant();
    const one = await timed(() => operations.ensure(instance, request));
    const suspend = await timed(() => operations.suspend(instance));
    const resume = await timed(async () => {
      await operations.resume(instance);
      await firstHealthy(provider, instance, request.routing);
    });
    await operations.release(instance);
    return { one, suspend, resume };
  };
  return { lifecycle, together, cleanup };
}

/** Resume answers once the processes run; the stack's figure is to the first 200, so is this one. */
async function firstHealthy(
  provider: ComputeProvider,
  instance: InstanceRef,
  site: { url: string; targetGroupRef: string },
) {
  for (;;) {
    try {
      return await provider.checkHealth(instance, site);
    } catch (error) {
      if (!(error instanceof HealthPendingError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
