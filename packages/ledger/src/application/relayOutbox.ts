import type { EventPublisher } from "@bbws/mesh";
import type { LedgerStore } from "../ports.ts";

/**
 * Publish what the ledger committed to its outbox, then mark it published.
 * A crash between the two republishes: at-least-once, absorbed by consumers.
 * On AWS, DynamoDB Streams + EventBridge Pipes do this job.
 */
export async function relayOutbox(input: {
  store: LedgerStore;
  publisher: EventPublisher;
  batchSize?: number;
}): Promise<number> {
  const pending = await input.store.pendingOutbox(input.batchSize ?? 100);
  if (pending.length === 0) return 0;
  await input.publisher.publish(pending.map((entry) => entry.event));
  await input.store.markPublished(pending.map((entry) => entry.eventId));
  return pending.length;
}
