import type { SerialisedJson } from "./serialisedJson.ts";

export interface ListPageCache {
  /**
   * The page at `address` as `make` makes it, kept while the store's `writeCount` stays the
   * same. Without a count (DynamoDB's store: other processes write it) every call makes the page.
   */
  pageOf(
    address: string,
    writeCount: (() => number) | undefined,
    make: () => Promise<SerialisedJson>,
  ): Promise<SerialisedJson>;
}

/**
 * The list pages answered since the store's last write, by address (the page's own `self`
 * link, which spells the scope, every filter, the page size and the cursor). A stale page
 * cannot be answered: the store bumps its count in the same step as each write, a count that
 * moved empties the cache, and a page is kept only when the count did not move while it was
 * made. At most `maxPages` at once (the oldest goes first). One per API handler, none global.
 */
export function createListPageCache(maxPages = 64): ListPageCache {
  let keptAt = -1;
  let pages = new Map<string, SerialisedJson>();
  return {
    async pageOf(address, writeCount, make) {
      if (!writeCount) return make();
      const before = writeCount();
      if (before !== keptAt) {
        keptAt = before;
        pages = new Map();
      }
      const kept = pages.get(address);
      if (kept) return kept;
      const page = await make();
      if (writeCount() === before && keptAt === before) {
        if (pages.size >= maxPages) pages.delete(pages.keys().next().value as string);
        pages.set(address, page);
      }
      return page;
    },
  };
}
