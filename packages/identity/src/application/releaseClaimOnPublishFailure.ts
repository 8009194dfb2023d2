import type { DomainEvent } from "@bbws/contracts";
import type { EventPublisher, JournalKey, ServiceJournal } from "@bbws/mesh";

/**
 * The executor gives its claim back when an effect fails, but not when publishing an answer
 * fails: the claim then lives for the whole lease (the visibility timeout), and a redelivery that
 * comes sooner (the local runtime retries after 1 s) is refused as in flight on every receive
 * until the message dead-letters. Until the executor releases on every error, this publisher gives
 * the claim back itself. Safe: the delivery that publishes is the one holding the claim.
 */
export function releaseClaimOnPublishFailure(
  publisher: EventPublisher,
  journal: ServiceJournal,
  service: string,
): EventPublisher {
  return {
    async publish(events) {
      try {
        await publisher.publish(events);
      } catch (error) {
        for (const event of events as readonly DomainEvent[])
          await release(journal, service, event).catch(() => {});
        throw error;
      }
    },
  };
}

/** An answer's causation is the request it answers (see mesh's `reply`). */
async function release(journal: ServiceJournal, service: string, answer: DomainEvent): Promise<void> {
  const { meta } = answer.detail;
  if (!("instanceId" in meta) || !meta.causationId) return;
  const key: JournalKey = { service, instanceId: meta.instanceId, tenantId: meta.tenantId };
  const { entry, version } = await journal.read(key);
  const claim = entry.inbox[meta.causationId];
  if (claim?.status !== "started") return;
  const released = { ...claim, claimedAt: new Date(0).toISOString() };
  await journal.write(key, { ...entry, inbox: { ...entry.inbox, [meta.causationId]: released } }, version);
}
