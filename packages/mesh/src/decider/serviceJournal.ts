/**
 * A service's memory of one instance: its decider's state and its inbox (the requests it has
 * handled, by event id). Both are written in ONE conditional write, so a duplicate or replayed
 * event has no second effect, and two deliveries of one event cannot both start it.
 */
export interface JournalEntry {
  readonly state: unknown;
  readonly inbox: Readonly<Record<string, InboxEntry>>;
  /**
   * The inbox forgets a handled request INBOX_MEMORY_DAYS after it occurred (a DynamoDB item holds
   * 400 KB); this is the newest `occurredAt` it forgot. A request not in the inbox that occurred at
   * or before it was handled long ago: it is acknowledged with no effect.
   */
  readonly forgottenBefore?: string;
}

export type InboxEntry =
  | {
      readonly status: "started";
      /** When the current delivery claimed the request: another delivery waits until the lease ends. */
      readonly claimedAt: string;
      /** Answer types already published for this request. */
      readonly emitted: readonly string[];
      /** The effect being run: the intent, recorded before the call. */
      readonly running?: string;
      /** Receives of this request that found a step not done yet: waits, not retries (runStep). */
      readonly waits?: number;
    }
  | {
      readonly status: "done";
      readonly at: string;
      /** When the request occurred (its meta.occurredAt): what the inbox forgets it by. */
      readonly occurredAt?: string;
      readonly ignored?: string;
    };

export interface VersionedJournal {
  readonly entry: JournalEntry;
  /** 0 when the service has never written about the instance. */
  readonly version: number;
}

export interface JournalKey {
  readonly service: string;
  readonly instanceId: string;
  readonly tenantId: string;
}

export interface ServiceJournal {
  read(key: JournalKey): Promise<VersionedJournal>;
  /** Writes `entry` as version `expectedVersion + 1`; JournalConflictError when someone wrote first. */
  write(key: JournalKey, entry: JournalEntry, expectedVersion: number): Promise<void>;
}

export class JournalConflictError extends Error {
  readonly code = "MESH.JOURNAL_CONFLICT";
  readonly retryable = true;
  constructor(key: JournalKey, options?: { cause?: unknown }) {
    super(`${key.service} journal of ${key.instanceId} was written by another delivery`, options);
    this.name = "JournalConflictError";
  }
}

export function emptyJournal(): VersionedJournal {
  return { entry: { state: undefined, inbox: {} }, version: 0 };
}

export function journalRecordKey(key: JournalKey): string {
  return `journal/${key.service}/${key.instanceId}`;
}

export function createMemoryServiceJournal(): ServiceJournal {
  const journals = new Map<string, VersionedJournal>();
  return {
    async read(key) {
      return structuredClone(journals.get(journalRecordKey(key)) ?? emptyJournal());
    },
    async write(key, entry, expectedVersion) {
      const current = journals.get(journalRecordKey(key))?.version ?? 0;
      if (current !== expectedVersion) throw new JournalConflictError(key);
      journals.set(journalRecordKey(key), { entry: structuredClone(entry), version: expectedVersion + 1 });
    },
  };
}
