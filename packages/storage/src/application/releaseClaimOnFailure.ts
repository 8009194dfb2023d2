import { type DomainEvent, instanceRefOf } from "@bbws/contracts";
import {
  type DeliveryContext,
  JournalConflictError,
  RequestInFlightError,
  type ServiceJournal,
} from "@bbws/mesh";

type Handle = (event: DomainEvent, delivery: DeliveryContext) => Promise<void>;

/**
 * A stopgap for the shared executor, which releases a request's claim only when a STEP fails: when
 * the delivery fails elsewhere (its answer could not be published, a journal write failed) while
 * the process is alive, nobody else is running the request, so its claim is released at once.
 * Otherwise every redelivery within the lease is refused as in flight, and a consumer whose
 * backoff is shorter than the lease (the local runner) sends the request to the DLQ.
 * A conflict or an in-flight refusal means another delivery holds the request: left alone.
 */
export function releaseClaimOnFailure(handle: Handle, journal: ServiceJournal, service: string): Handle {
  return async (event, delivery) => {
    try {
      await handle(event, delivery);
    } catch (error) {
      if (!(error instanceof RequestInFlightError || error instanceof JournalConflictError))
        await releaseClaim(journal, service, event).catch(() => undefined);
      throw error;
    }
  };
}

async function releaseClaim(journal: ServiceJournal, service: string, event: DomainEvent): Promise<void> {
  const { instanceId, tenantId } = instanceRefOf(event);
  const key = { service, instanceId, tenantId };
  const eventId = event.detail.meta.eventId;
  const stored = await journal.read(key);
  const seen = stored.entry.inbox[eventId];
  if (seen?.status !== "started") return;
  const released = { ...seen, claimedAt: new Date(0).toISOString() };
  const inbox = { ...stored.entry.inbox, [eventId]: released };
  await journal.write(key, { ...stored.entry, inbox }, stored.version);
}
