import { randomUUID } from "node:crypto";
import {
  createEvent,
  type DataOf,
  type DomainEvent,
  type EventName,
  type InstanceRef,
} from "@bbws/contracts";
import { createMemoryServiceJournal, silentLogger } from "@bbws/mesh";
import { createComputeService } from "../application/createComputeService.ts";
import { ComputeError } from "../domain/errors.ts";
import type { ComputeProvider, ComputeRequest } from "../ports.ts";

/**
 * Tests and the benchmark: the real compute service (decider and executor, a memory journal)
 * over a provider, sending the ledger's requests and redelivering while a step is retryable,
 * as SQS would, up to `receives` times (then the failure is answered).
 */
export function createComputeDriver(
  provider: ComputeProvider,
  options: { receives?: number; pause?: () => Promise<void> } = {},
) {
  const receives = options.receives ?? 5;
  const published: DomainEvent[] = [];
  const handle = createComputeService({
    provider,
    publisher: {
      async publish(events) {
        published.push(...(events as DomainEvent[]));
      },
    },
    journal: createMemoryServiceJournal(),
    clock: () => new Date(),
    newId: randomUUID,
    maxReceiveCount: receives,
    leaseMs: 0,
    logger: silentLogger,
  });

  /** Handles one request to its answers; resolves with what compute published for it. */
  async function send<N extends EventName>(instance: InstanceRef, name: N, data: DataOf<N>) {
    const event = createEvent({
      name,
      data,
      producer: "ledger",
      meta: {
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        ...instance,
      },
    });
    const from = published.length;
    for (let receive = 1; ; receive += 1) {
      try {
        await handle(event as DomainEvent, { receiveCount: receive });
        return published.slice(from);
      } catch (error) {
        if (receive >= receives) throw error;
        await options.pause?.();
      }
    }
  }

  return {
    send,
    provision: (instance: InstanceRef, request: ComputeRequest) =>
      send(instance, "ComputeRequested", request),
    release: (instance: InstanceRef) =>
      send(instance, "ReleaseRequested", {
        operationId: randomUUID(),
        service: "compute",
        reason: "deprovision",
        archive: false,
      }),
  };
}

export type ComputeDriver = ReturnType<typeof createComputeDriver>;

/** The data of the answer of type `name` among `answers`; throws when there is none. */
export function answer<N extends EventName>(answers: readonly DomainEvent[], name: N): DataOf<N> {
  const found = answers.find((event) => event["detail-type"] === name);
  if (!found) throw new Error(`no ${name} among ${answers.map((event) => event["detail-type"]).join(", ")}`);
  return found.detail.data as DataOf<N>;
}

/**
 * The operations as one call each (provision to healthy, suspend, ..., release), through the
 * decider: what the adapters' scenario tests and the benchmark ask for. A failure answer throws
 * a ComputeError with its code.
 */
export function computeOperations(provider: ComputeProvider, pause = () => sleep(50)) {
  const driver = createComputeDriver(provider, { receives: 200, pause });
  const op = () => ({ operationId: randomUUID() });
  async function done(answers: Promise<DomainEvent[]>): Promise<DomainEvent[]> {
    const failure = (await answers).find((event) => /Failed$|Unhealthy$/.test(event["detail-type"]));
    if (!failure) return answers;
    const { code, reason, retryable } = failure.detail.data as {
      code: string;
      reason: string;
      retryable: boolean;
    };
    throw new ComputeError(code, reason, { retryable });
  }
  return {
    ensure: async (instance: InstanceRef, request: ComputeRequest) => {
      const answers = await done(driver.provision(instance, request));
      return answer(answers, "ComputeReady").outputs;
    },
    suspend: (instance: InstanceRef) => done(driver.send(instance, "SuspendRequested", op())),
    resume: (instance: InstanceRef) => done(driver.send(instance, "ResumeRequested", op())),
    scale: (instance: InstanceRef, desiredCount: number) =>
      done(driver.send(instance, "ScaleRequested", { ...op(), desiredCount })),
    restart: (instance: InstanceRef) => done(driver.send(instance, "RestartRequested", op())),
    release: async (instance: InstanceRef) =>
      answer(await done(driver.release(instance)), "ComputeReleased").released,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
