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
        await handle(event, { receiveCount: receive });
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
