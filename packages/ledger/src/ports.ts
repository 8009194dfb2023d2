import type { DomainEvent, Environment, InstanceRecord, LedgerQueries } from "@bbws/contracts";
import type { TenantSlotChange } from "./domain/decision.ts";

export interface StoredInstance {
  readonly record: InstanceRecord;
  /** Incremented by every commit; commits are conditional on it. */
  readonly version: number;
}

/** Everything one decision changes, written atomically (one TransactWriteItems on DynamoDB). */
export interface LedgerChange {
  readonly record: InstanceRecord;
  /** The version read before deciding; 0 for a new instance. */
  readonly expectedVersion: number;
  /**
   * The record read at `expectedVersion` (null or omitted for a new instance). The store
   * rewrites the operation record only when `record.operation` differs from its operation;
   * omitted, it always rewrites it.
   */
  readonly previous?: InstanceRecord | null;
  /**
   * The incoming event's id: the commit fails with DuplicateEventError if it was processed before.
   * The incoming event is logged in `log`; for an instance that exists, its log entry is what
   * remembers it (DynamoDB: a conditional put of that item instead of an inbox item).
   */
  readonly inboxEventId?: string;
  /** Appended to the instance's event log (incoming and emitted events). */
  readonly log: readonly DomainEvent[];
  /** Events to publish; the relay (Streams + Pipes on AWS, the local relay) sends them. */
  readonly outbox: readonly DomainEvent[];
  readonly tenantSlot?: TenantSlotChange;
}

export interface OutboxEntry {
  readonly eventId: string;
  readonly event: DomainEvent;
}

/**
 * The ledger's persistence (DynamoDB single table on AWS; in memory for tests and benchmarks).
 * Its reads (`list`, `getOperation`, `events`) are the contract the API reads through
 * (`LedgerQueries` of @bbws/contracts); `list` throws InvalidCursorError for a foreign cursor.
 */
export interface LedgerStore extends LedgerQueries {
  get(instanceId: string): Promise<StoredInstance | null>;
  /**
   * Throws VersionConflictError when the instance changed since it was read,
   * DuplicateEventError when `inboxEventId` was processed before, and
   * TenantSlotTakenError when the tenant already has a live instance there.
   */
  commit(change: LedgerChange): Promise<void>;
  /** The live instance holding the tenant's slot in an environment, if any. */
  findLiveInstanceId(tenantId: string, environment: Environment): Promise<string | null>;
  /** Instances whose PENDING or IN_PROGRESS operation's deadline is before `now` (ISO); not STUCK ones. */
  listOverdue(now: string, limit: number): Promise<readonly string[]>;
  /**
   * Oldest first. Index-backed stores may show an entry again just after it was
   * marked published: relaying is at-least-once, consumers deduplicate.
   */
  pendingOutbox(limit: number): Promise<readonly OutboxEntry[]>;
  markPublished(eventIds: readonly string[]): Promise<void>;
}
