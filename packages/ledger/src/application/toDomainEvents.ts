import { createEvent, type DomainEvent } from "@bbws/contracts";
import type { Emit } from "../domain/decision.ts";
import type { InstanceRecord } from "../domain/instance.ts";

export interface Causation {
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** Give the domain's emits their envelope: a fresh id, the time, and what caused them. */
export function toDomainEvents(input: {
  emits: readonly Emit[];
  record: InstanceRecord;
  causation: Causation;
  now: string;
  newId: () => string;
}): DomainEvent[] {
  const { record, causation, now } = input;
  return input.emits.map((emitted) =>
    createEvent({
      name: emitted.name,
      data: emitted.data,
      meta: {
        eventId: input.newId(),
        occurredAt: now,
        correlationId: causation.correlationId,
        causationId: causation.causationId,
        tenantId: record.tenantId,
        instanceId: record.instanceId,
        environment: record.environment,
      },
    }),
  );
}
