import type { DomainEvent } from "@bbws/contracts";
import type { DeliveryContext, JournalEntry, JournalKey, Logger, ServiceJournal } from "@bbws/mesh";

type Handle = (event: DomainEvent, delivery: DeliveryContext) => Promise<void>;

/**
 * The executor frees a request's claim only when an effect fails; a failure elsewhere (publishing an
 * answer, say) keeps it for the whole lease, and redeliveries with backoff (1 s, 2 s, 4 s...) all meet
 * RequestInFlightError until the message is dead-lettered. This runs each delivery on a journal that
 * remembers this delivery's last write, and on failure frees the claim only if the journal is still
 * exactly as this delivery left it (a conditional write on that version): never another delivery's.
 * Belongs in the executor (packages/mesh/src/decider/runDecider.ts); harmless once it is there.
 */
export function releaseClaimOnFailure(input: {
  handlerFor: (journal: ServiceJournal) => Handle;
  journal: ServiceJournal;
  logger: Logger;
}): Handle {
  return async (event, delivery) => {
    let last: { key: JournalKey; entry: JournalEntry; version: number } | undefined;
    const tracked: ServiceJournal = {
      read: (key) => input.journal.read(key),
      async write(key, entry, expectedVersion) {
        await input.journal.write(key, entry, expectedVersion);
        last = { key, entry, version: expectedVersion + 1 };
      },
    };
    try {
      await input.handlerFor(tracked)(event, delivery);
    } catch (error) {
      if (last) await free(last, event.detail.meta.eventId);
      throw error;
    }
  };

  async function free(last: { key: JournalKey; entry: JournalEntry; version: number }, eventId: string) {
    const claim = last.entry.inbox[eventId];
    if (claim?.status !== "started") return;
    const freed = { ...claim, claimedAt: new Date(0).toISOString() };
    await input.journal
      .write(last.key, { ...last.entry, inbox: { ...last.entry.inbox, [eventId]: freed } }, last.version)
      .catch((error: unknown) =>
        // Someone wrote since (another request of the instance): their claim is not ours to free.
        input.logger.info("left the claim of a failed delivery to its lease", { eventId, error }),
      );
  }
}
