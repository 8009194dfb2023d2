/**
 * A message as a local queue persists it. In-flight state (receipt handle, visibility) is deliberately
 * not part of it: after a restart every stored message is visible again, which is what SQS does once a
 * visibility timeout expires (at-least-once delivery).
 */
export interface StoredMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  /** SQS ApproximateReceiveCount. */
  readonly receiveCount: number;
  /** SQS ApproximateFirstReceiveTimestamp; null until first received. */
  readonly firstReceivedAt: number | null;
  /** In a dead-letter queue: the queue the message was moved from (SQS DeadLetterQueueSourceArn). */
  readonly sourceQueue: string | null;
}

/** Persistence port of a local queue. */
export interface QueueStore {
  /** Every stored message, in send order. */
  load(): StoredMessage[];
  /** Inserts the message, or replaces the stored one with the same messageId (keeping its place). */
  save(message: StoredMessage): void;
  remove(messageId: string): void;
}

export function createMemoryQueueStore(): QueueStore {
  // A Map keeps insertion order, and replacing a key keeps its position: that is send order.
  const messages = new Map<string, StoredMessage>();
  return {
    load: () => [...messages.values()],
    save: (message) => {
      messages.set(message.messageId, message);
    },
    remove: (messageId) => {
      messages.delete(messageId);
    },
  };
}
