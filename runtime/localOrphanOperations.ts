import type { OrphanOperations } from "@bbws/api";
import { createMemoryCleanupRecords, type OrphanScanner, runRecordedCleanup } from "@bbws/ledger";
import type { Logger } from "@bbws/mesh";

/**
 * The orphan routes of the local API, as on AWS: a scan answers at once; a cleanup is
 * recorded RUNNING, runs in the background (202 + poll) and records COMPLETED or FAILED.
 * Records live as long as the stack's process. `idle()` waits for the cleanups under way.
 */
export function createLocalOrphanOperations(input: {
  scanner: OrphanScanner;
  logger: Logger;
  clock?: () => Date;
}): OrphanOperations & { idle(): Promise<void> } {
  const records = createMemoryCleanupRecords();
  const running = new Set<Promise<unknown>>();
  const clock = input.clock ?? (() => new Date());
  return {
    // An operator's look publishes nothing: the daily scan reports OrphansFound.
    scan: () => input.scanner.scan({ publish: false }),
    async startCleanup(request) {
      await records.put({ ...request, status: "RUNNING" });
      const cleanup = runRecordedCleanup({ scanner: input.scanner, records, clock }, request)
        .catch((error: unknown) => input.logger.error("orphan cleanup could not be recorded", { error }))
        .finally(() => running.delete(cleanup));
      running.add(cleanup);
    },
    findCleanup: (cleanupId) => records.get(cleanupId),
    async idle() {
      await Promise.all([...running]);
    },
  };
}
