import type { LedgerStore, OutboxEntry } from "@bbws/ledger";

/**
 * The ledger store (a plain object of functions, as every adapter makes it), handing `announce`
 * the outbox entries of each commit that queued events, once it has landed.
 */
export function announcingOutbox(
  store: LedgerStore,
  announce: (entries: readonly OutboxEntry[]) => void,
): LedgerStore {
  return {
    ...store,
    async commit(change) {
      await store.commit(change);
      if (change.outbox.length > 0)
        announce(change.outbox.map((event) => ({ eventId: event.detail.meta.eventId, event })));
    },
  };
}
