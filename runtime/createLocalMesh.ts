import { randomUUID } from "node:crypto";
import { type ComputeProvider, createComputeSqsHandler } from "@bbws/compute";
import { CONSUMERS, type Consumer, type SpecDefaults, SUBSCRIPTIONS } from "@bbws/contracts";
import { createIdentitySqsHandler, type IdentityProvider } from "@bbws/identity";
import {
  createLedgerService,
  createLedgerSqsHandler,
  type LedgerService,
  type LedgerStore,
  type OutboxEntry,
  publishOutboxEntries,
  relayOutbox,
} from "@bbws/ledger";
import {
  createLocalBus,
  createLocalConsumerRunner,
  createLocalQueue,
  createLocalRecordVisibility,
  type EventArchive,
  type ExtraBusTarget,
  type LocalConsumerRunner,
  type LocalQueue,
  type LocalSqsHandler,
  type QueueStore,
  type ReplayRequest,
} from "@bbws/local-cloud";
import {
  createMemoryServiceJournal,
  type EventPublisher,
  type Logger,
  type RecordVisibility,
  type ServiceJournal,
} from "@bbws/mesh";
import { createRoutingSqsHandler, type RoutingProvider } from "@bbws/routing";
import { createStorageSqsHandler, type StorageProvider } from "@bbws/storage";
import { maxReceiveCountOf } from "../infra/consumerBudgets.ts";
import { announcingOutbox } from "./announcingOutbox.ts";

export interface Providers {
  readonly identity: IdentityProvider;
  readonly storage: StorageProvider;
  readonly routing: RoutingProvider;
  readonly compute: ComputeProvider;
}

export interface LocalMeshOptions {
  readonly providers: Providers;
  readonly ledgerStore: LedgerStore;
  readonly queueStore: (queueName: string) => QueueStore;
  readonly archive: EventArchive;
  /** The services' decider state and inbox (default: in memory). */
  readonly journal?: ServiceJournal;
  readonly clock: () => number;
  readonly logger: Logger;
  readonly specDefaults: SpecDefaults;
  readonly newId?: () => string;
  /** SQS settings, as sst.config.ts sets them on AWS (default: each consumer's maxReceiveCountOf). */
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutMs?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
  /** Records per handler invocation (the event source mapping's batch size; default 10). */
  readonly batchSize?: number;
  /**
   * Handler invocations at once per consumer, one instance's messages each (Lambda's concurrent
   * invocations; default DEFAULT_CONSUMER_CONCURRENCY, twice the cores).
   */
  readonly concurrency?: number;
  /**
   * Per consumer, what differs on AWS (infra/consumerBudgets.ts): its batch size, its concurrency
   * and when a failed record comes back; each falls back to the mesh-wide setting above.
   */
  readonly consumers?: Partial<Record<Consumer, ConsumerSettings>>;
  /** Ledger retries on version conflicts; tests pass a no-op. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Rules beyond the subscription table: HTTP subscribers' delivery queues. */
  readonly extraTargets?: readonly ExtraBusTarget[];
  /** Seams for fault injection in tests: wrap what a service publishes, or a consumer's handler. */
  readonly wrapPublisher?: (consumer: Consumer, publisher: EventPublisher) => EventPublisher;
  readonly wrapHandler?: (consumer: Consumer, handler: LocalSqsHandler) => LocalSqsHandler;
  /** A seam for a simulation: the handler's ChangeMessageVisibility (its latency, its count). */
  readonly wrapVisibility?: (consumer: Consumer, visibility: RecordVisibility) => RecordVisibility;
}

export interface ConsumerSettings {
  readonly batchSize?: number;
  readonly concurrency?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

export interface LocalMesh {
  readonly bus: EventPublisher;
  readonly ledger: LedgerService;
  readonly ledgerStore: LedgerStore;
  readonly queues: Readonly<Record<Consumer, LocalQueue>>;
  readonly deadLetterQueues: Readonly<Record<Consumer, LocalQueue>>;
  readonly runners: Readonly<Record<Consumer, LocalConsumerRunner>>;
  /** Publishes the ledger's outbox once; resolves to how many events went out. */
  relay(): Promise<number>;
  /** Publishes these outbox entries (a commit's, as `onOutbox` handed them over), then marks them published. */
  publishOutbox(entries: readonly OutboxEntry[]): Promise<void>;
  /**
   * Calls `listener` with the outbox entries of every ledger commit that queued events, once it
   * has landed; answers the unsubscribe.
   */
  onOutbox(listener: (entries: readonly OutboxEntry[]) => void): () => void;
  /** Re-publishes archived events (an instance's, or a time range) marked with `replay-name`. */
  replay(request: ReplayRequest): Promise<number>;
}

/**
 * The local composition root: the same handlers as the Lambdas, wired to local
 * queues (SQS semantics), a local bus routing by the one subscription table,
 * and the given ledger store and providers.
 */
export function createLocalMesh(options: LocalMeshOptions): LocalMesh {
  const { clock, logger } = options;
  const newId = options.newId ?? randomUUID;
  const maxReceiveCountFor = (consumer: Consumer) => options.maxReceiveCount ?? maxReceiveCountOf(consumer);
  const visibilityTimeoutMs = options.visibilityTimeoutMs ?? 30_000;
  const journal = options.journal ?? createMemoryServiceJournal();
  const deadLetterQueues = mapConsumers((consumer) =>
    createLocalQueue({
      name: `bbws-${consumer}-dlq`,
      store: options.queueStore(`${consumer}-dlq`),
      clock,
      newId,
    }),
  );
  const queues = mapConsumers((consumer) =>
    createLocalQueue({
      name: `bbws-${consumer}`,
      store: options.queueStore(consumer),
      clock,
      newId,
      maxReceiveCount: maxReceiveCountFor(consumer),
      deadLetter: deadLetterQueues[consumer],
      visibilityTimeoutMs,
    }),
  );
  const bus = createLocalBus({
    subscriptions: SUBSCRIPTIONS,
    queues,
    ...(options.extraTargets ? { extraTargets: options.extraTargets } : {}),
    archive: options.archive,
    clock,
    newId,
  });
  const publisherOf = (consumer: Consumer) => options.wrapPublisher?.(consumer, bus) ?? bus;
  const date = () => new Date(clock());
  const outboxListeners = new Set<(entries: readonly OutboxEntry[]) => void>();
  // The ledger's commits are in this process: each one that queues events hands them over (see relayPump.ts).
  const ledgerStore = announcingOutbox(options.ledgerStore, (entries) => {
    for (const listener of outboxListeners) listener(entries);
  });
  const ledger = createLedgerService({
    store: ledgerStore,
    logger: logger.child({ consumer: "ledger" }),
    specDefaults: options.specDefaults,
    clock: date,
    newId,
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  // The handler's ChangeMessageVisibility on its own queue; the runner keeps what it set.
  const visibilities = mapConsumers((consumer) => createLocalRecordVisibility(queues[consumer]));
  // As deployed: every service's handler hides a record that says when to look again (createServiceLambdaBase).
  const serviceDeps = (consumer: Consumer) => ({
    publisher: publisherOf(consumer),
    clock: date,
    newId,
    maxReceiveCount: maxReceiveCountFor(consumer),
    logger: logger.child({ consumer }),
    journal,
    leaseMs: visibilityTimeoutMs,
    visibility: options.wrapVisibility?.(consumer, visibilities[consumer]) ?? visibilities[consumer],
  });
  const handlers: Record<Consumer, LocalSqsHandler> = {
    identity: createIdentitySqsHandler({ ...serviceDeps("identity"), provider: options.providers.identity }),
    storage: createStorageSqsHandler({ ...serviceDeps("storage"), provider: options.providers.storage }),
    routing: createRoutingSqsHandler({ ...serviceDeps("routing"), provider: options.providers.routing }),
    compute: createComputeSqsHandler({ ...serviceDeps("compute"), provider: options.providers.compute }),
    ledger: createLedgerSqsHandler({ service: ledger, logger: logger.child({ consumer: "ledger" }) }),
  };
  const runners = mapConsumers((consumer) => {
    const own = options.consumers?.[consumer] ?? {};
    const concurrency = own.concurrency ?? options.concurrency;
    return createLocalConsumerRunner({
      consumer,
      queue: queues[consumer],
      handler: options.wrapHandler?.(consumer, handlers[consumer]) ?? handlers[consumer],
      clock,
      logger,
      retryBaseMs: own.retryBaseMs ?? options.retryBaseMs ?? 1_000,
      retryMaxMs: own.retryMaxMs ?? options.retryMaxMs ?? 60_000,
      visibility: visibilities[consumer],
      batchSize: own.batchSize ?? options.batchSize ?? 10,
      ...(concurrency !== undefined ? { concurrency } : {}),
      newId,
    });
  });
  const ledgerPublisher = publisherOf("ledger");
  return {
    bus,
    ledger,
    ledgerStore,
    queues,
    deadLetterQueues,
    runners,
    relay: () => relayOutbox({ store: ledgerStore, publisher: ledgerPublisher }),
    publishOutbox: (entries) =>
      publishOutboxEntries({ store: ledgerStore, publisher: ledgerPublisher, entries }),
    onOutbox(listener) {
      outboxListeners.add(listener);
      return () => outboxListeners.delete(listener);
    },
    replay: (request) => options.archive.replay(request, bus),
  };
}

function mapConsumers<T>(make: (consumer: Consumer) => T): Record<Consumer, T> {
  return Object.fromEntries(CONSUMERS.map((consumer) => [consumer, make(consumer)])) as Record<Consumer, T>;
}
