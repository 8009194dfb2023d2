import { createLocalComputeProvider, HealthPendingError, type LocalComputeProvider } from "@bbws/compute";
import type { InstanceRef } from "@bbws/contracts";
import { createLocalComputeFixture } from "../packages/compute/src/adapters/local/localComputeFixture.ts";
import { type Lap, timed } from "./stackReport.ts";

/** The compute provider alone, as bench:provision-local drives it: the floor the stack is held to. */
export interface ProviderFloor {
  /** ensureCompute → first healthy answer, one tenant at a time. */
  readonly one: readonly number[];
  /** The same, ten at once: each, and all. */
  readonly ten: Lap;
  /** suspend (processes gone) and resume → first healthy answer. */
  readonly suspend: readonly number[];
  readonly resume: readonly number[];
}

export async function measureProviderFloor(input: {
  runs: number;
  together: number;
  say: (line: string) => void;
  /** Called at once with the fixture's cleanup and data dir, so a Ctrl-C mid-measure still removes it. */
  onStart: (fixture: { cleanup: () => Promise<void>; dataDir: string }) => void;
}): Promise<ProviderFloor> {
  const fixture = await createLocalComputeFixture({ portRange: { from: 22_000, to: 22_099 } });
  const provider = createLocalComputeProvider(fixture.options);
  let cleaned: Promise<void> | undefined;
  const cleanup = () => {
    cleaned ??= provider.stopAll().finally(() => fixture.dispose());
    return cleaned;
  };
  input.onStart({ cleanup, dataDir: fixture.options.dataDir });
  try {
    const one: number[] = [];
    const suspend: number[] = [];
    const resume: number[] = [];
    for (let run = 1; run <= input.runs; run++) {
      const { instance, request } = await fixture.newTenant();
      one.push(
        await timed(async () => {
          await provider.ensureCompute(instance, request);
          await firstHealthy(provider, instance);
        }),
      );
      suspend.push(await timed(() => provider.suspend(instance)));
      resume.push(
        await timed(async () => {
          await provider.resume(instance, { desiredCount: 1 });
          await firstHealthy(provider, instance);
        }),
      );
      await provider.releaseCompute(instance);
      input.say(`  floor ${run}/${input.runs}: provision ${seconds(one.at(-1))}`);
    }
    const tenants = await Promise.all(Array.from({ length: input.together }, () => fixture.newTenant()));
    const started = performance.now();
    const each = await Promise.all(
      tenants.map(({ instance, request }) =>
        timed(async () => {
          await provider.ensureCompute(instance, request);
          await firstHealthy(provider, instance);
        }),
      ),
    );
    const ten = { each, all: performance.now() - started };
    input.say(`  floor ${input.together} at once: all healthy after ${seconds(ten.all)}`);
    return { one, ten, suspend, resume };
  } finally {
    await cleanup();
  }
}

async function firstHealthy(provider: LocalComputeProvider, instance: InstanceRef): Promise<void> {
  for (;;) {
    try {
      await provider.checkHealth(instance);
      return;
    } catch (error) {
      if (!(error instanceof HealthPendingError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

const seconds = (ms: number | undefined) => `${((ms ?? Number.NaN) / 1000).toFixed(2)} s`;
