import type { LedgerStore } from "@bbws/ledger";

/**
 * The ledger store (a plain object of functions, as every adapter makes it), calling `announce`
 * once a commit that queued events in the outbox has landed.
 */
export function announcingOutbox(store: LedgerStore, announce: () => void): LedgerStore {
  return {
    ...store,
    async commit(change) {
      await store.commit(change);
      if (change.outbox.length > 0) announce();
    },
  };
}
