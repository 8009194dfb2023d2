import { randomUUID } from "node:crypto";
import type { QueueStore, StoredMessage } from "./queueStore.ts";

export interface ReceivedMessage {
  readonly messageId: string;
  /** New on every receive; only the latest one deletes the message. */
  readonly receiptHandle: string;
  readonly body: string;
  readonly receiveCount: number;
  readonly sentAt: number;
  readonly firstReceivedAt: number;
}

export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
}

export interface DeadLetterNotice {
  readonly queue: string;
  readonly deadLetterQueue: string;
  readonly messageId: string;
  readonly receiveCount: number;
}

export interface LocalQueue {
  readonly name: string;
  send(body: string): string;
  receive(max?: number): ReceivedMessage[];
  /** False when the handle is unknown or stale (SQS: "the request succeeds, but the message will not be deleted"). */
  delete(receiptHandle: string): boolean;
  /** False when the handle is unknown or stale, or the message is no longer in flight. */
  changeVisibility(receiptHandle: string, timeoutMs: number): boolean;
  counts(): QueueCounts;
  list(): StoredMessage[];
  /** Moves dead-lettered messages (all, or the given ids) back to the queue they came from. */
  redrive(messageIds?: readonly string[]): number;
  onDeadLetter(listener: (notice: DeadLetterNotice) => void): () => void;
  /** Called when a message arrives (sent, redriven, dead-lettered in): a long poll returns at once. */
  onMessage(listener: () => void): () => void;
  /** Between queues: takes a message in as it is (dead-lettering and redrive keep the message id). */
  accept(message: StoredMessage): void;
  /** Between queues: a queue using this one as its dead-letter queue, so redrive can find it. */
  registerSource(queue: LocalQueue): void;
}

export interface LocalQueueOptions {
  readonly name: string;
  readonly store: QueueStore;
  readonly clock: () => number;
  readonly maxReceiveCount?: number;
  readonly deadLetter?: LocalQueue;
  readonly visibilityTimeoutMs?: number;
  readonly newId?: () => string;
}

interface Entry {
  readonly message: StoredMessage;
  readonly receiptHandle: string | null;
  /** Not in flight once `clock() >= visibleAt`. */
  readonly visibleAt: number;
}

const MAX_BATCH = 10;
const MAX_VISIBILITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/** An SQS standard queue on one machine, optionally with a redrive policy to a dead-letter queue. */
export function createLocalQueue(options: LocalQueueOptions): LocalQueue {
  const queue = new StandardQueue(options);
  options.deadLetter?.registerSource(queue);
  return queue;
}

class StandardQueue implements LocalQueue {
  readonly name: string;
  readonly #options: LocalQueueOptions;
  readonly #maxReceiveCount: number;
  readonly #visibilityTimeoutMs: number;
  readonly #newId: () => string;
  readonly #entries = new Map<string, Entry>();
  readonly #handles = new Map<string, string>();
  readonly #sources = new Map<string, LocalQueue>();
  readonly #listeners = new Set<(notice: DeadLetterNotice) => void>();
  readonly #arrivals = new Set<() => void>();

  constructor(options: LocalQueueOptions) {
    this.name = options.name;
    this.#options = options;
    this.#maxReceiveCount = options.maxReceiveCount ?? 5;
    this.#visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
    this.#newId = options.newId ?? randomUUID;
    for (const message of options.store.load()) this.#entries.set(message.messageId, idle(message));
  }

  send(body: string): string {
    const messageId = this.#newId();
    const sentAt = this.#options.clock();
    this.accept({ messageId, body, sentAt, receiveCount: 0, firstReceivedAt: null, sourceQueue: null });
    return messageId;
  }

  receive(max = MAX_BATCH): ReceivedMessage[] {
    if (!Number.isInteger(max) || max < 1 || max > MAX_BATCH) {
      throw new RangeError(`receive takes 1 to ${MAX_BATCH} messages, got ${max}`);
    }
    const now = this.#options.clock();
    const { deadLetter } = this.#options;
    const received: ReceivedMessage[] = [];
    for (const entry of [...this.#entries.values()]) {
      if (received.length === max) break;
      if (entry.visibleAt > now) continue;
      // Redrive policy: the receive that would exceed maxReceiveCount moves the message instead.
      if (deadLetter !== undefined && entry.message.receiveCount >= this.#maxReceiveCount) {
        this.#moveToDeadLetter(entry, deadLetter);
        continue;
      }
      received.push(this.#receiveEntry(entry, now));
    }
    return received;
  }

  delete(receiptHandle: string): boolean {
    const entry = this.#entryOf(receiptHandle);
    if (entry === undefined) return false;
    this.#drop(entry);
    return true;
  }

  changeVisibility(receiptHandle: string, timeoutMs: number): boolean {
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_VISIBILITY_TIMEOUT_MS) {
      throw new RangeError(
        `visibility timeout must be 0 to ${MAX_VISIBILITY_TIMEOUT_MS} ms, got ${timeoutMs}`,
      );
    }
    const now = this.#options.clock();
    const entry = this.#entryOf(receiptHandle);
    if (entry === undefined || entry.visibleAt <= now) return false;
    // SQS counts the new timeout from the time of the call, not from the receive.
    this.#entries.set(entry.message.messageId, { ...entry, visibleAt: now + timeoutMs });
    return true;
  }

  counts(): QueueCounts {
    const now = this.#options.clock();
    const inFlight = [...this.#entries.values()].filter((entry) => entry.visibleAt > now).length;
    return { visible: this.#entries.size - inFlight, inFlight };
  }

  list(): StoredMessage[] {
    return [...this.#entries.values()].map((entry) => entry.message);
  }

  redrive(messageIds?: readonly string[]): number {
    const wanted = messageIds === undefined ? null : new Set(messageIds);
    let moved = 0;
    for (const entry of [...this.#entries.values()]) {
      const { messageId, sourceQueue } = entry.message;
      const source = sourceQueue === null ? undefined : this.#sources.get(sourceQueue);
      if ((wanted !== null && !wanted.has(messageId)) || source === undefined) continue;
      source.accept({ ...entry.message, receiveCount: 0, firstReceivedAt: null, sourceQueue: null });
      this.#drop(entry);
      moved++;
    }
    return moved;
  }

  onDeadLetter(listener: (notice: DeadLetterNotice) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  onMessage(listener: () => void): () => void {
    this.#arrivals.add(listener);
    return () => this.#arrivals.delete(listener);
  }

  accept(message: StoredMessage): void {
    this.#options.store.save(message);
    this.#entries.set(message.messageId, idle(message));
    for (const listener of [...this.#arrivals]) listener();
  }

  registerSource(queue: LocalQueue): void {
    this.#sources.set(queue.name, queue);
  }

  /** Only the latest receipt handle of a message is kept, so a stale one finds nothing. */
  #entryOf(receiptHandle: string): Entry | undefined {
    const messageId = this.#handles.get(receiptHandle);
    return messageId === undefined ? undefined : this.#entries.get(messageId);
  }

  #drop(entry: Entry): void {
    this.#options.store.remove(entry.message.messageId);
    this.#entries.delete(entry.message.messageId);
    if (entry.receiptHandle !== null) this.#handles.delete(entry.receiptHandle);
  }

  #moveToDeadLetter(entry: Entry, target: LocalQueue): void {
    const { messageId, receiveCount } = entry.message;
    // Saved in the dead-letter queue before removal here: a crash in between duplicates, never loses.
    target.accept({ ...entry.message, sourceQueue: this.name });
    this.#drop(entry);
    const notice = { queue: this.name, deadLetterQueue: target.name, messageId, receiveCount };
    for (const listener of this.#listeners) listener(notice);
  }

  #receiveEntry(entry: Entry, now: number): ReceivedMessage {
    const previous = entry.message;
    const firstReceivedAt = previous.firstReceivedAt ?? now;
    const message = { ...previous, receiveCount: previous.receiveCount + 1, firstReceivedAt };
    this.#options.store.save(message);
    if (entry.receiptHandle !== null) this.#handles.delete(entry.receiptHandle);
    const receiptHandle = this.#newId();
    this.#handles.set(receiptHandle, message.messageId);
    const visibleAt = now + this.#visibilityTimeoutMs;
    this.#entries.set(message.messageId, { message, receiptHandle, visibleAt });
    const { messageId, body, receiveCount, sentAt } = message;
    return { messageId, receiptHandle, body, receiveCount, sentAt, firstReceivedAt };
  }
}

function idle(message: StoredMessage): Entry {
  return { message, receiptHandle: null, visibleAt: 0 };
}
