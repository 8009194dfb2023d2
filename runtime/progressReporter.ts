import { type Consumer, type DomainEvent, instanceIdOf, parseBusEvent } from "@bbws/contracts";
import type { HttpDelivery } from "@bbws/local-cloud";
import type { EventPublisher } from "@bbws/mesh";

/** Prints each step of a saga as it is published: elapsed time, tenant, who, what. */
export function createProgressReporter(say: (line: string) => void) {
  const startedAt = new Map<string, number>();
  const describe = (event: DomainEvent): string => {
    const data = event.detail.data as Record<string, unknown>;
    const outputs = data.outputs as Record<string, unknown> | undefined;
    const resource = outputs
      ? Object.values(outputs).find(
          (value) => typeof value === "string" && !String(value).startsWith("local-secret:"),
        )
      : (data.service ?? data.code ?? data.url);
    return resource ? `${event["detail-type"]} ${String(resource)}` : event["detail-type"];
  };
  return {
    wrap(consumer: Consumer, bus: EventPublisher): EventPublisher {
      return {
        async publish(events) {
          for (const raw of events) {
            const event = parseBusEvent(raw);
            const instanceId = instanceIdOf(event) ?? "-";
            if (!startedAt.has(instanceId)) startedAt.set(instanceId, Date.now());
            const elapsed = ((Date.now() - (startedAt.get(instanceId) ?? Date.now())) / 1000).toFixed(1);
            say(
              `${`+${elapsed}s`.padStart(8)}  ${event.detail.meta.tenantId.padEnd(12)} ${consumer.padEnd(9)} ${describe(event)}`,
            );
          }
          await bus.publish(events);
        },
      };
    },
  };
}

/** One line per attempt to deliver to an HTTP subscriber, aligned with the saga's lines. */
export function formatDelivery(delivery: HttpDelivery): string {
  const who = `http:${delivery.subscriber}`;
  return `${"".padStart(8)}  ${delivery.tenantId.padEnd(12)} ${who.padEnd(9)} ${delivery.detailType} -> ${delivery.status} ${delivery.outcome}`;
}
