import { createEvent, type DataOf, type DomainEvent, type EventName, type Producer } from "@bbws/contracts";

export interface ReplyContext {
  readonly producer: Producer;
  readonly clock: () => Date;
  readonly newId: () => string;
}

/**
 * An event answering `incoming`: same tenant, instance, environment and
 * correlation; caused by the incoming event.
 */
export function reply<N extends EventName>(
  incoming: DomainEvent,
  name: N,
  data: DataOf<N>,
  context: ReplyContext,
): DomainEvent<N> {
  const { meta } = incoming.detail;
  if (!("instanceId" in meta)) throw new Error(`${incoming["detail-type"]} is not about an instance`);
  return createEvent({
    name,
    data,
    producer: context.producer,
    meta: {
      eventId: context.newId(),
      occurredAt: context.clock().toISOString(),
      correlationId: meta.correlationId,
      causationId: meta.eventId,
      tenantId: meta.tenantId,
      instanceId: meta.instanceId,
      environment: meta.environment,
    },
  });
}
