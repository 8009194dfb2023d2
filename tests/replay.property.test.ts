import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seeded } from "./support/seeded.ts";
import { checkQuietInvariant, createSimulatedMesh, type SimulatedMesh } from "./support/simulatedMesh.ts";

/**
 * Replays are safe at any moment, for any window, of every instance: a random history of
 * lifecycle commands for several tenants (with duplicated deliveries), and a replay of a random
 * window of the archive at a random moment of it, end in the same states, the same resources
 * and the same cloud calls as the same history without the replay.
 */
const TENANTS = ["alpha", "bravo", "charlie"] as const;
const COMMANDS = ["suspend", "resume", "restart", "backup", "scale", "deprovision"] as const;
const PARAMS: Readonly<Record<string, Record<string, unknown>>> = {
  backup: { backupId: "bk-nightly" },
  scale: { desiredCount: 2 },
};
const RUNS = 60;

const scenarioArbitrary = fc.record({
  tenants: fc.integer({ min: 2, max: TENANTS.length }),
  history: fc.array(
    fc.record({ tenant: fc.nat({ max: TENANTS.length - 1 }), command: fc.constantFrom(...COMMANDS) }),
    { maxLength: 8 },
  ),
  /** Before which step of the history the replay runs (history length: after all of it). */
  replayAt: fc.nat({ max: 8 }),
  /** The window, as fractions of the time elapsed when the replay starts. */
  window: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
  duplicateRate: fc.constantFrom(0, 0.3),
  seed: fc.integer(),
});
type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never;

interface Outcome {
  readonly states: string[];
  readonly accepted: boolean[];
  readonly live: string[];
  readonly effects: string[];
  readonly problems: string[];
}

async function run(scenario: Scenario, withReplay: boolean): Promise<Outcome> {
  const simulation = createSimulatedMesh({
    duplicateRate: scenario.duplicateRate,
    random: seeded(scenario.seed),
  });
  const start = simulation.now();
  const instanceIds: string[] = [];
  for (const tenantId of TENANTS.slice(0, scenario.tenants))
    instanceIds.push(await simulation.provision(tenantId));
  await settle(simulation);
  const accepted: boolean[] = [];
  const replayAt = Math.min(scenario.replayAt, scenario.history.length);
  for (let step = 0; step <= scenario.history.length; step += 1) {
    if (withReplay && step === replayAt) await replayWindow(simulation, start, scenario.window);
    const next = scenario.history[step];
    if (!next) break;
    const instanceId = instanceIds[next.tenant % instanceIds.length] as string;
    accepted.push(
      await simulation.command(instanceId, next.command, PARAMS[next.command]).then(
        () => true,
        () => false, // refused in the instance's state: the same in both runs
      ),
    );
    simulation.advance(60_000);
    await settle(simulation);
  }
  const records = await simulation.records();
  const byInstance = new Map(records.map((record) => [record.instanceId, record]));
  return {
    states: instanceIds.map((id) => `${byInstance.get(id)?.tenantId} ${byInstance.get(id)?.state}`),
    accepted,
    live: Object.entries(simulation.cloud.inventory.live).flatMap(([service, names]) =>
      [...names.keys()].map((name) => `${service} ${name}`),
    ),
    // Re-running an effect the history already caused would show here as an extra call.
    effects: countsOf(
      simulation.effects.map((effect) =>
        instanceIds.reduce((named, id, index) => named.replace(id, TENANTS[index] ?? id), effect),
      ),
    ),
    problems: await checkQuietInvariant(simulation),
  };
}

async function replayWindow(simulation: SimulatedMesh, start: number, window: readonly [number, number]) {
  const elapsed = simulation.now() - start;
  const [a, b] = [...window].sort((x, y) => x - y) as [number, number];
  await simulation.mesh.replay({
    name: "window",
    from: start + Math.floor(a * elapsed),
    to: start + Math.ceil(b * elapsed) + 1,
  });
  await settle(simulation);
}

async function settle(simulation: SimulatedMesh): Promise<void> {
  await simulation.runUntilQuiet();
  for (let round = 0; round < 3 && simulation.redriveDeadLetters() > 0; round += 1)
    await simulation.runUntilQuiet();
}

function countsOf(effects: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const effect of effects) counts.set(effect, (counts.get(effect) ?? 0) + 1);
  return [...counts].map(([effect, count]) => `${effect} x${count}`).sort();
}

describe("replay of any window at any moment (property-based)", () => {
  it(`changes nothing on ${RUNS} random histories`, async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const control = await run(scenario, false);
        const replayed = await run(scenario, true);
        expect(replayed.problems).toEqual([]);
        expect(replayed.states).toEqual(control.states);
        expect(replayed.accepted).toEqual(control.accepted);
        expect(replayed.live).toEqual(control.live);
        expect(replayed.effects).toEqual(control.effects);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
