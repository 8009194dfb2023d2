import { RequestInFlightError, type ServiceJournal } from "@bbws/mesh";

/**
 * The executor claims requests per event id, so two DIFFERENT requests of one instance could
 * interleave their steps: an `InstanceRequested` still creating the pool when the ledger's
 * `ReleaseRequested` arrives would leave a pool made after the release looked for it. This
 * journal refuses a claim while another request of the instance holds a live lease; the refused
 * delivery is retryable, so SQS brings it back once the first is done.
 */
export function oneRequestAtATime(
  journal: ServiceJournal,
  options: { readonly leaseMs: number; readonly clock: () => Date },
): ServiceJournal {
  return {
    read: (key) => journal.read(key),
    async write(key, entry, expectedVersion) {
      const now = options.clock().getTime();
      const live = Object.entries(entry.inbox).filter(
        ([, seen]) => seen.status === "started" && now - Date.parse(seen.claimedAt) < options.leaseMs,
      );
      if (live.length > 1)
        throw new RequestInFlightError(key, live.map(([eventId]) => eventId).join(" and "));
      return journal.write(key, entry, expectedVersion);
    },
  };
}
