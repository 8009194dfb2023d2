import type { EventPublisher } from "@bbws/mesh";
import type { LedgerStore, OutboxEntry } from "../ports.ts";

/**
 * Publish these outbox entries, then mark them published. A crash between the two republishes:
 * at-least-once, absorbed by consumers. On AWS, DynamoDB Streams + EventBridge Pipes do this job.
 */
export async function publishOutboxEntries(input: {
  store: Pick<LedgerStore, "markPublished">;
  publisher: EventPublisher;
  entries: readonly OutboxEntry[];
}): Promise<void> {
  if (input.entries.length === 0) return;
  await input.publisher.publish(input.entries.map((entry) => entry.event));
  await input.store.markPublished(input.entries.map((entry) => entry.eventId));
}

/** How many pending outbox entries one query of the outbox takes; the next query takes the rest. */
export const RELAY_BATCH_SIZE = 100;

/** Publish what the ledger's outbox holds (oldest first, one batch); resolves to how many. */
export async function relayOutbox(input: { store: LedgerStore; publisher: EventPublisher }): Promise<number> {
  const entries = await input.store.pendingOutbox(RELAY_BATCH_SIZE);
  await publishOutboxEntries({ store: input.store, publisher: input.publisher, entries });
  return entries.length;
}
