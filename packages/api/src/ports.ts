import type {
  CleanupRecord,
  CommandResult,
  DeadLetterSource,
  DomainEvent,
  Environment,
  HealthCheckTarget,
  HealthProbe,
  InstanceState,
  LedgerCommand,
  OperationView,
  OrphanReport,
} from "@bbws/contracts";
import type { IdempotencyEntry, StoredResponse } from "./domain/idempotency.ts";
import type {
  DeadLetterQueueView,
  InstanceView,
  LogPage,
  MetricsPage,
  RedriveView,
  ReplayView,
  TimelineEntry,
} from "./domain/viewSchemas.ts";

/**
 * The ledger's command side: accepts or rejects synchronously. Locally and on AWS the
 * composition root passes the ledger service, which implements @bbws/contracts' `LedgerCommands`
 * (`createLedgerInstanceCommands`).
 * Throws (→ 503) only when the ledger cannot be reached or keeps conflicting.
 */
export interface InstanceCommands {
  submit(command: LedgerCommand): Promise<CommandResult>;
}

export interface InstanceListQuery {
  readonly tenantId?: string;
  readonly state?: InstanceState;
  readonly environment?: Environment;
  /** The start of the tenantId or of the instanceId. */
  readonly search?: string;
  readonly limit: number;
  /** Opaque cursor from the previous page's `nextStartAt`. */
  readonly startAt?: string;
}

export interface InstancePage {
  readonly items: readonly InstanceView[];
  readonly nextStartAt?: string;
}

/**
 * The ledger's read side, in the API's shape: `createLedgerInstanceQueries` maps the records
 * of @bbws/contracts' `LedgerQueries` (which the ledger store implements). `list` throws an error whose `code` is `API.INVALID_CURSOR` or
 * `LEDGER.INVALID_CURSOR` for a cursor it did not issue (→ 400).
 * A view may be frozen and handed out again while the instance is unchanged (the use cases
 * cache a frozen view's JSON by its identity); a changed instance is always a new view.
 */
export interface InstanceQueries {
  get(instanceId: string): Promise<InstanceView | null>;
  list(query: InstanceListQuery): Promise<InstancePage>;
  getOperation(operationId: string): Promise<OperationView | null>;
  /** The instance's event log, oldest first. */
  events(instanceId: string): Promise<readonly TimelineEntry[]>;
  /**
   * The store's count of writes (`LedgerQueries.writeCount`): the same count, the same answers.
   * Absent where the store cannot say (DynamoDB): then no list page is kept.
   */
  readonly writeCount?: () => number;
}

export interface InstanceAddress {
  readonly instanceId: string;
  readonly tenantId: string;
  readonly environment: Environment;
}

export interface LogsRequest {
  readonly instance: InstanceAddress;
  /** Epoch milliseconds. */
  readonly startTime?: number;
  readonly endTime?: number;
  readonly limit: number;
  readonly nextToken?: string;
}

/** The WordPress logs of an instance (CloudWatch Logs on AWS, files locally). Optional: absent → 501. */
export interface InstanceLogs {
  /** Throws an error with code `API.INVALID_CURSOR` for a nextToken it did not issue. */
  read(request: LogsRequest): Promise<LogPage>;
}

export interface MetricsRequest {
  readonly instance: InstanceAddress;
  readonly startTime: number;
  readonly endTime: number;
  readonly periodSeconds: number;
}

/** CPU, memory and request series of an instance (CloudWatch on AWS, /proc and the proxy locally); absent → 501. */
export interface InstanceMetrics {
  read(request: MetricsRequest): Promise<MetricsPage>;
}

export interface EventReplayRequest {
  /** Made by the API; EventBridge's ReplayName rule `^[.\-_A-Za-z0-9]{1,64}$`. */
  readonly name: string;
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  /** Only this instance's events. */
  readonly instanceId?: string;
}

/** Re-drives archived events onto the bus (EventBridge StartReplay, the local archive). Optional: absent → 501. */
export interface EventReplays {
  start(request: EventReplayRequest): Promise<ReplayView>;
}

/** The consumers' dead-letter queues: peek and move back to their source queues. Optional: absent → 501. */
export interface DeadLetters {
  list(): Promise<DeadLetterQueueView[]>;
  /** Every consumer's DLQ, or one; a queue that fails carries `error` and does not stop the others. */
  redrive(input: { readonly consumer?: DeadLetterSource }): Promise<RedriveView[]>;
}

/**
 * The orphan scan (HLD §5.4): the ledger's scanner over the services' inventories, which the
 * composition root passes as it is. Optional: absent → 501.
 */
export interface OrphanOperations {
  scan(): Promise<OrphanReport>;
  /**
   * Records the cleanup RUNNING and starts it in the background (a cleanup of many resources
   * outlasts API Gateway's 29 s); the scan records COMPLETED or FAILED for `findCleanup`.
   */
  startCleanup(request: { cleanupId: string; dryRun: boolean; requestedAt: string }): Promise<void>;
  findCleanup(cleanupId: string): Promise<CleanupRecord | undefined>;
}

/**
 * The live check (POST .../health): the probes the composition root composes (docs/architecture.md,
 * "Health"), the instance as the ledger recorded it, and the ledger's fold of the observation.
 * Optional: absent → 501.
 */
export interface InstanceHealthChecks {
  readonly probes: readonly HealthProbe[];
  /** Each part's budget (default 400 ms, inside the API's 500 ms). */
  readonly partTimeoutMs?: number;
  /** The instance's recorded outputs; null when it does not exist. */
  target(instanceId: string): Promise<HealthCheckTarget | null>;
  /** Folds a HealthObserved into the ledger before the answer (its HealthObserved path). */
  record(event: DomainEvent<"HealthObserved">): Promise<void>;
}

export type ClaimResult =
  | { readonly outcome: "claimed" }
  | { readonly outcome: "replay"; readonly response: StoredResponse }
  | { readonly outcome: "mismatch" }
  | { readonly outcome: "in-progress" };

/**
 * Remembers the answer to each Idempotency-Key (scoped to the caller). `claim` is atomic:
 * of two concurrent claims of a free key exactly one gets `claimed`. Times are epoch ms.
 */
export interface IdempotencyStore {
  claim(input: {
    key: string;
    fingerprint: string;
    now: number;
    lockMs: number;
    ttlMs: number;
  }): Promise<ClaimResult>;
  /** Stores the answer to replay; a no-op if the claim was lost to another request. */
  complete(input: {
    key: string;
    fingerprint: string;
    response: StoredResponse;
    now: number;
    ttlMs: number;
  }): Promise<void>;
  /** Frees a claim whose request failed (5xx), so a retry runs it again. */
  release(input: { key: string; fingerprint: string }): Promise<void>;
}

/** Verifies a bearer token and returns its claims; throws when it is not valid. */
export interface TokenVerifier {
  verify(token: string): Promise<Readonly<Record<string, unknown>>>;
}

export type { DeadLetterQueueView, IdempotencyEntry, RedriveView, ReplayView, StoredResponse };
