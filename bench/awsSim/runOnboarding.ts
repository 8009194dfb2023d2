import { randomUUID } from "node:crypto";
import { CONSUMERS, type Consumer, type DomainEvent, resourceNames, type TenantId } from "@bbws/contracts";
import { createMemoryLedgerStore, type LedgerStore } from "@bbws/ledger";
import { createMemoryEventArchive, createMemoryQueueStore } from "@bbws/local-cloud";
import { createJsonLogger, type EventPublisher, silentLogger } from "@bbws/mesh";
import { CONSUMER_BUDGETS } from "../../infra/consumerBudgets.ts";
import { VISIBILITY_TIMEOUT_FACTOR } from "../../infra/functions.ts";
import { createLocalMesh } from "../../runtime/createLocalMesh.ts";
import { AWS_FIGURES as F } from "./awsFigures.ts";
import type { FargateDraws } from "./ownFloor.ts";
import { newSimStats, type SimStats } from "./simulatedApi.ts";
import { createSimulatedCloud } from "./simulatedCloud.ts";
import { simulatedVisibility } from "./sqsSim.ts";
import { createTokenBucket } from "./tokenBucket.ts";
import { sleep } from "./virtualTime.ts";

export interface OnboardingOptions {
  readonly tenants: number;
  readonly minutes: number;
  readonly albs: number;
  readonly seed: number;
  /**
   * When a failed record comes back, the handler's ChangeMessageVisibility included; default: the
   * queue's visibility timeout, or the delay the handler set, as on AWS.
   */
  readonly retryMs?: number;
  readonly meanFargate?: boolean;
  /** Per consumer, instead of its deployed maxConcurrency (infra/consumerBudgets.ts). */
  readonly concurrency?: Readonly<Partial<Record<Consumer, number>>>;
  /** Default: each consumer's, as deployed (maxReceiveCountOf, infra/consumerBudgets.ts). */
  readonly maxReceiveCount?: number;
}

export interface TenantOutcome {
  readonly tenantId: string;
  readonly sentAt: number;
  readonly endedAt: number;
  readonly ok: boolean;
  readonly failure?: string;
}

export interface OnboardingRun {
  readonly outcomes: readonly TenantOutcome[];
  readonly startedAt: number;
  readonly stats: SimStats;
  readonly deadLetters: number;
  /** Tenants with neither InstanceActivated nor ProvisioningFailed when the run gave up. */
  readonly stuck: number;
  /** The most messages waiting (visible) in each consumer's queue, sampled at each relay. */
  readonly peakQueue: ReadonlyMap<Consumer, number>;
  readonly cloud: ReturnType<typeof createSimulatedCloud>;
  /** The tenant's Fargate start-to-healthy draws (its task family's), in launch order. */
  readonly fargateDraws: (tenantId: string) => FargateDraws | undefined;
}

/** Every tenant is onboarded in this environment. */
const ENVIRONMENT = "dev";

/** The ledger's store in memory, each call taking DynamoDB's time (commit = TransactWriteItems). */
function ledgerWithLatency(store: LedgerStore): LedgerStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const name = String(property);
      const ms =
        name === "commit"
          ? F.dynamoTransactionMs.value
          : name === "markPublished"
            ? F.dynamoWriteMs.value
            : F.dynamoReadMs.value;
      return async (...args: unknown[]) => {
        await sleep(ms);
        return value.apply(target, args);
      };
    },
  });
}

/**
 * Tenant Management sends `tenants` TenantCreated events evenly over `minutes`; the local mesh
 * (the real ledger, deciders and handlers) runs them against the simulated cloud. Every publish is
 * a PutEvents (latency, EventBridge's rate) whose events reach the consumers' queues after the
 * delivery latency; each consumer runs with its deployed batch size, concurrency and SQS retry.
 */
export async function runOnboarding(options: OnboardingOptions): Promise<OnboardingRun> {
  const stats = newSimStats();
  const cloud = createSimulatedCloud({
    albs: options.albs,
    seed: options.seed,
    stats,
    ...(options.meanFargate ? { meanFargate: true } : {}),
  });
  const putEvents = createTokenBucket({
    ratePerSecond: F.eventBridgePutEventsPerSecond.value,
    burst: F.eventBridgePutEventsPerSecond.burst,
  });
  const sentAt = new Map<string, number>();
  const outcomes = new Map<string, TenantOutcome>();
  const watch = (event: DomainEvent) => {
    const tenantId = event.detail.meta.tenantId;
    const type = event["detail-type"];
    if (type !== "InstanceActivated" && type !== "ProvisioningFailed") return;
    const data = event.detail.data as { code?: string; failure?: { code?: string } };
    outcomes.set(tenantId, {
      tenantId,
      sentAt: sentAt.get(tenantId) ?? 0,
      endedAt: Date.now(),
      ok: type === "InstanceActivated",
      ...(type === "ProvisioningFailed" ? { failure: data.code ?? data.failure?.code ?? "unknown" } : {}),
    });
  };
  const delivering = (consumer: Consumer, bus: EventPublisher): EventPublisher => ({
    async publish(events) {
      await sleep(F.eventBridgePutEventsMs.value);
      for (let index = 0; index < events.length; index += 1)
        if (!putEvents.tryTake())
          stats.throttles.set(
            "EventBridge PutEvents",
            (stats.throttles.get("EventBridge PutEvents") ?? 0) + 1,
          );
      if (consumer === "ledger") for (const event of events) watch(event as DomainEvent);
      setTimeout(() => void bus.publish(events), F.eventDeliveryMs.value + F.sqsToLambdaMs.value);
    },
  });
  const consumers = Object.fromEntries(
    CONSUMERS.map((consumer) => {
      const budget = CONSUMER_BUDGETS[consumer];
      const retryMs = options.retryMs ?? VISIBILITY_TIMEOUT_FACTOR * budget.timeoutSeconds * 1000;
      return [
        consumer,
        {
          batchSize: budget.batchSize,
          concurrency: options.concurrency?.[consumer] ?? budget.maxConcurrency,
          retryBaseMs: retryMs,
          retryMaxMs: retryMs,
        },
      ];
    }),
  );
  const ledgerStore = ledgerWithLatency(createMemoryLedgerStore());
  const mesh = createLocalMesh({
    providers: cloud.providers,
    ledgerStore,
    queueStore: () => createMemoryQueueStore(),
    archive: createMemoryEventArchive(),
    clock: Date.now,
    logger: process.env.BENCH_LOG ? createJsonLogger({ level: "warn" }) : silentLogger,
    specDefaults: {
      wordpress: { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" },
      baseDomain: "sites.example.com",
    },
    ...(options.maxReceiveCount === undefined ? {} : { maxReceiveCount: options.maxReceiveCount }),
    consumers,
    wrapPublisher: delivering,
    wrapVisibility: (consumer, local) =>
      simulatedVisibility({ queueName: `bbws-${consumer}`, local, retryMs: options.retryMs, stats }),
  });
  const startedAt = Date.now();
  for (const consumer of CONSUMERS) mesh.runners[consumer].start();
  let running = true;
  const peakQueue = new Map<Consumer, number>();
  const relay = (async () => {
    while (running) {
      await sleep(F.ledgerRelayMs.value);
      while ((await mesh.relay()) > 0);
      for (const consumer of CONSUMERS) {
        const { visible } = mesh.queues[consumer].counts();
        peakQueue.set(consumer, Math.max(peakQueue.get(consumer) ?? 0, visible));
      }
    }
  })();
  const intervalMs = (options.minutes * 60_000) / options.tenants;
  const tenantBus = delivering("tenant-management" as Consumer, mesh.bus);
  // One send at a time (not every timer up front: the fake clock scans its timers on each step).
  const sending = (async () => {
    for (let index = 0; index < options.tenants; index += 1) {
      if (index > 0) await sleep(intervalMs);
      const tenantId = `t${String(index).padStart(5, "0")}`;
      sentAt.set(tenantId, Date.now());
      void tenantBus.publish([tenantCreated(tenantId)]);
    }
  })();
  // Tenants without an outcome an hour after the last was sent are reported as stuck.
  const giveUpAt = startedAt + (options.minutes + 60) * 60_000;
  while (outcomes.size < options.tenants && Date.now() < giveUpAt) {
    await sleep(1_000);
    if (process.env.BENCH_PROGRESS && (Date.now() - startedAt) % 60_000 < 1_000)
      process.stderr.write(
        `  ${((Date.now() - startedAt) / 1000).toFixed(0)} s virtual: ${outcomes.size}/${options.tenants} done\n`,
      );
  }
  running = false;
  await Promise.all([relay, sending]);
  await Promise.all(CONSUMERS.map((consumer) => mesh.runners[consumer].stop()));
  const deadLetters = CONSUMERS.reduce(
    (sum, consumer) => sum + mesh.deadLetterQueues[consumer].counts().visible,
    0,
  );
  const stuck = options.tenants - outcomes.size;
  const fargateDraws = (tenantId: string) =>
    cloud.ecs.drawsOf(resourceNames(tenantId as TenantId, ENVIRONMENT).taskDefinitionFamily);
  return {
    outcomes: [...outcomes.values()],
    startedAt,
    stats,
    deadLetters,
    stuck,
    peakQueue,
    cloud,
    fargateDraws,
  };
}

function tenantCreated(tenantId: string): DomainEvent {
  return {
    source: "bbws.tenant-management",
    "detail-type": "TenantCreated",
    detail: {
      meta: {
        eventId: randomUUID(),
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        correlationId: `tenant-${tenantId}`,
        causationId: null,
        tenantId,
        environment: ENVIRONMENT,
      },
      data: { tenantId, organisationName: `Tenant ${tenantId}`, environment: ENVIRONMENT },
    },
  } as unknown as DomainEvent;
}
