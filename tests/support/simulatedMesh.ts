import { randomUUID } from "node:crypto";
import {
  CONSUMERS,
  type Consumer,
  type InstanceRecord,
  type InstanceState,
  type LedgerCommand,
  SERVICES,
  type Service,
} from "@bbws/contracts";
import { createMemoryLedgerStore } from "@bbws/ledger";
import { createMemoryEventArchive, createMemoryQueueStore, type LocalSqsHandler } from "@bbws/local-cloud";
import { type EventPublisher, silentLogger } from "@bbws/mesh";
import { createLocalMesh, type LocalMesh } from "../../runtime/createLocalMesh.ts";
import { createInMemoryCloud, type Fault, type InMemoryCloud } from "../../runtime/inMemoryCloud.ts";

export const SPEC_DEFAULTS = {
  wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
  baseDomain: "sites.example.com",
};

export interface SimulationOptions {
  readonly faults?: readonly Fault[];
  /** A service "crashes" after its side effect, before its event: its first N publishes of that event throw. */
  readonly crashBeforeEvent?: {
    readonly service: Service;
    readonly detailType: string;
    readonly times: number;
  };
  /** The ledger's relay "crashes" after publishing, before marking the outbox published, N times. */
  readonly relayCrashes?: number;
  /** Probability that the bus delivers an event twice (same eventId). */
  readonly duplicateRate?: number;
  /** Only events published by this consumer are duplicated (default: every consumer's). */
  readonly duplicateFrom?: Consumer;
  /** Shuffle the records of every batch before the handler sees them (reordered delivery). */
  readonly reorder?: boolean;
  /**
   * How many polls run at once; each chosen consumer is polled this many times
   * concurrently, as concurrent Lambda invocations would (version conflicts in the ledger).
   */
  readonly parallelism?: number;
  /** Records per handler invocation. */
  readonly batchSize?: number;
  /** Deterministic choices for a property-based run. */
  readonly random?: () => number;
  /** Consumers whose function is down while listed: every invocation throws (a crashed function). */
  readonly down?: ReadonlySet<Consumer>;
}

type Operation = Exclude<LedgerCommand["operation"], "provision">;
export type DeliveryFaults = Pick<
  SimulationOptions,
  "crashBeforeEvent" | "relayCrashes" | "duplicateRate" | "duplicateFrom" | "reorder"
>;

export interface SimulatedMesh {
  readonly mesh: LocalMesh;
  readonly cloud: InMemoryCloud;
  now(): number;
  advance(ms: number): void;
  provision(tenantId: string): Promise<string>;
  /** An operator's command with its parameters (desiredCount, wordpress, backupId); resolves to its operationId. */
  command(instanceId: string, operation: Operation, params?: Record<string, unknown>): Promise<string>;
  /** Delivery faults from now on (a lifecycle row injects them once the instance is set up). */
  inject(faults: DeliveryFaults): void;
  /** Every call the services made to their cloud ports: `service.method instanceId`, in order. */
  readonly effects: readonly string[];
  /** Runs consumers and the relay until nothing is left to deliver; advances the clock over backoffs. */
  runUntilQuiet(maxSteps?: number): Promise<void>;
  /** What an operator does after a burst of failures: redrive every DLQ; resolves to how many moved. */
  redriveDeadLetters(): number;
  records(): Promise<InstanceRecord[]>;
}

/** The whole mesh in one process with a virtual clock: real handlers, local queues, fake clouds. */
export function createSimulatedMesh(options: SimulationOptions = {}): SimulatedMesh {
  const random = options.random ?? Math.random;
  let now = Date.parse("2026-11-22T10:00:00.000Z");
  const clock = () => now;
  const cloud = createInMemoryCloud({ faults: options.faults ?? [] });
  const effects: string[] = [];
  let delivery: DeliveryFaults = options;
  let crashesLeft = options.crashBeforeEvent?.times ?? 0;

  const wrapPublisher = (consumer: Consumer, bus: EventPublisher): EventPublisher => ({
    async publish(events) {
      if (delivery.crashBeforeEvent?.service === consumer && crashesLeft > 0) {
        crashesLeft -= 1;
        throw new Error(`${consumer} crashed before publishing`);
      }
      const duplicated = events.flatMap((event) =>
        (delivery.duplicateFrom === undefined || delivery.duplicateFrom === consumer) &&
        random() < (delivery.duplicateRate ?? 0)
          ? [event, event]
          : [event],
      );
      await bus.publish(duplicated);
    },
  });
  const wrapHandler =
    (consumer: Consumer, handler: LocalSqsHandler): LocalSqsHandler =>
    async (event, context) => {
      if (options.down?.has(consumer)) throw new Error(`${consumer} is down`);
      return handler(delivery.reorder ? { Records: shuffle(event.Records, random) } : event, context);
    };

  const mesh = createLocalMesh({
    providers: countCalls(cloud.providers, effects),
    ledgerStore: createMemoryLedgerStore({ now: () => new Date(now).toISOString() }),
    queueStore: () => createMemoryQueueStore(),
    archive: createMemoryEventArchive(),
    clock,
    logger: silentLogger,
    specDefaults: SPEC_DEFAULTS,
    sleep: async () => {},
    wrapPublisher,
    wrapHandler,
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  });

  let relayCrashesLeft = options.relayCrashes ?? 0;
  /** The relay, optionally crashing between publish and mark-published (the outbox then republishes). */
  async function relay(): Promise<void> {
    if (relayCrashesLeft === 0) return void (await mesh.relay());
    const pending = await mesh.ledgerStore.pendingOutbox(100);
    if (pending.length === 0) return;
    relayCrashesLeft -= 1;
    await mesh.bus.publish(pending.map((entry) => entry.event));
  }

  async function runUntilQuiet(maxSteps = 20_000): Promise<void> {
    for (let step = 0; step < maxSteps; step += 1) {
      await relay();
      const ready = CONSUMERS.filter((consumer) => mesh.queues[consumer].counts().visible > 0);
      if (ready.length > 0) {
        const parallelism = options.parallelism ?? 1;
        const chosen = shuffle(ready, random).slice(0, parallelism);
        const polls = chosen.flatMap((consumer) => Array.from({ length: parallelism }, () => consumer));
        await Promise.all(polls.map((consumer) => mesh.runners[consumer].pollOnce()));
        continue;
      }
      const waiting = CONSUMERS.some((consumer) => mesh.queues[consumer].counts().inFlight > 0);
      if (!waiting && (await mesh.ledgerStore.pendingOutbox(1)).length === 0) return;
      now += 1_000; // let visibility timeouts and backoffs run out
    }
    throw new Error(`mesh not quiet after ${maxSteps} steps`);
  }

  return {
    mesh,
    cloud,
    now: clock,
    advance(ms) {
      now += ms;
    },
    async provision(tenantId) {
      const instanceId = randomUUID();
      const result = await mesh.ledger.handleCommand({
        operation: "provision",
        instanceId,
        operationId: randomUUID(),
        correlationId: randomUUID(),
        requestedBy: "test",
        spec: {
          tenantId,
          environment: "dev",
          size: "small",
          desiredCount: 1,
          wordpress: SPEC_DEFAULTS.wordpress,
          hostname: `${tenantId}.sites.example.com`,
        },
      });
      if (result.outcome !== "accepted") throw new Error(result.rejection.message);
      return instanceId;
    },
    async command(instanceId, operation, params = {}) {
      const operationId = randomUUID();
      const result = await mesh.ledger.handleCommand({
        operation,
        instanceId,
        operationId,
        correlationId: randomUUID(),
        requestedBy: "test",
        ...params,
      } as LedgerCommand);
      if (result.outcome !== "accepted") throw new Error(result.rejection.message);
      return operationId;
    },
    inject(faults) {
      delivery = faults;
      crashesLeft = faults.crashBeforeEvent?.times ?? 0;
      relayCrashesLeft = faults.relayCrashes ?? 0;
    },
    effects,
    runUntilQuiet,
    redriveDeadLetters() {
      return CONSUMERS.reduce((moved, consumer) => moved + mesh.deadLetterQueues[consumer].redrive(), 0);
    },
    async records() {
      return [...(await mesh.ledgerStore.list({ limit: 10_000 })).items];
    },
  };
}

/** The providers, each call logged as `service.method instanceId` (what a cloud would have been asked). */
function countCalls<P extends Record<string, object>>(providers: P, log: string[]): P {
  const wrap = (service: string, port: object) =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const instance = args[0] as { instanceId?: string } | undefined;
          log.push(`${service}.${String(property)} ${instance?.instanceId ?? ""}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return Object.fromEntries(
    Object.entries(providers).map(([service, port]) => [service, wrap(service, port)]),
  ) as P;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * The invariant of a quiet mesh: every instance is ACTIVE with exactly one of
 * each resource, or FAILED/DEPROVISIONED with none; nothing is left in any queue.
 */
export async function checkQuietInvariant(simulation: SimulatedMesh): Promise<string[]> {
  const problems: string[] = [];
  const { live } = simulation.cloud.inventory;
  for (const record of await simulation.records()) {
    const held = SERVICES.map(
      (service) =>
        [service, [...live[service].values()].filter((id) => id === record.instanceId).length] as const,
    );
    const expected = expectedCount(record.state);
    if (expected === undefined) problems.push(`${record.tenantId} ended in ${record.state}`);
    for (const [service, count] of held) {
      if (expected !== undefined && count !== expected)
        problems.push(`${record.tenantId} is ${record.state} with ${count} ${service} resource(s)`);
    }
  }
  const known = new Set((await simulation.records()).map((record) => record.instanceId));
  for (const service of SERVICES) {
    for (const [name, instanceId] of live[service])
      if (!known.has(instanceId)) problems.push(`orphan ${service} ${name}`);
  }
  for (const consumer of CONSUMERS) {
    const { visible, inFlight } = simulation.mesh.queues[consumer].counts();
    if (visible + inFlight > 0) problems.push(`${consumer} queue not empty`);
    const dead = simulation.mesh.deadLetterQueues[consumer].list().length;
    if (dead > 0) problems.push(`${dead} message(s) in the ${consumer} DLQ`);
  }
  return problems;
}

function expectedCount(state: InstanceState): number | undefined {
  if (state === "ACTIVE" || state === "SUSPENDED") return 1;
  if (state === "FAILED" || state === "DEPROVISIONED") return 0;
  return undefined;
}
