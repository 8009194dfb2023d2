import { randomUUID } from "node:crypto";
import { CONSUMERS, type Consumer } from "@bbws/contracts";
import type { EventPublisher } from "@bbws/mesh";
import type { DynamoFloor } from "./dynamoFloor.ts";
import { peakRssMbOf } from "./procStats.ts";
import { createSagaMesh, type SagaMesh, type SagaMeshMode, TRANSACT_ITEMS, WORDPRESS } from "./sagaMeshes.ts";

export interface SagaFigures {
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Seconds: number;
  readonly p99Seconds: number;
  /** This process's peak RSS. */
  readonly peakRssMb: number;
  /** Durable mode only: DynamoDB Local (a java process) and what the ledger asked of it. */
  readonly dynamo: DynamoFigures | null;
}

export interface DynamoFigures {
  readonly javaPeakRssMb: number | null;
  /** The ledger's calls per instance: reads (GetItem, Query) and TransactWriteItems. */
  readonly readsPerInstance: number;
  readonly transactionsPerInstance: number;
  /** Items those TransactWriteItems wrote, per instance. */
  readonly transactionItemsPerInstance: number;
  /** The ledger's calls in the run, by command (and TRANSACT_ITEMS: items written). */
  readonly calls: Readonly<Record<string, number>>;
  /** Seconds those calls took, by command, as the mesh's process saw them (see SagaMesh). */
  readonly callSeconds: Readonly<Record<string, number>>;
  readonly floor: DynamoFloor;
  /** Instances/s the ledger's calls allow when made one at a time at the floor's rates. */
  readonly sequentialCeiling: number;
}

/**
 * Submits `count` provisions to the ledger at once, then pumps the mesh (relay the outbox,
 * let every consumer with visible messages poll) until every instance is ACTIVE.
 */
export async function runSagas(mode: SagaMeshMode, count: number): Promise<SagaFigures> {
  const submittedAt = new Map<string, number>();
  const latencies: number[] = [];
  // Watch what the ledger publishes: an InstanceActivated ends an instance's saga.
  const wrapPublisher = (consumer: Consumer, bus: EventPublisher): EventPublisher =>
    consumer !== "ledger"
      ? bus
      : {
          async publish(events) {
            for (const event of events) {
              if (event["detail-type"] !== "InstanceActivated") continue;
              const instanceId = (event.detail as { meta: { instanceId: string } }).meta.instanceId;
              latencies.push(performance.now() - (submittedAt.get(instanceId) ?? 0));
            }
            await bus.publish(events);
          },
        };
  const { mesh, dynamo, stop } = await createSagaMesh(mode, wrapPublisher);
  try {
    const started = performance.now();
    for (let index = 0; index < count; index += 1) {
      const tenantId = `t${String(index).padStart(5, "0")}`;
      const instanceId = randomUUID();
      submittedAt.set(instanceId, performance.now());
      const result = await mesh.ledger.handleCommand({
        operation: "provision",
        instanceId,
        operationId: randomUUID(),
        correlationId: randomUUID(),
        requestedBy: "bench",
        spec: {
          tenantId,
          environment: "dev",
          size: "small",
          desiredCount: 1,
          wordpress: WORDPRESS,
          hostname: `${tenantId}.sites.example.com`,
        },
      });
      if (result.outcome !== "accepted") throw new Error(result.rejection.message);
    }
    let lastReport = 0;
    while (latencies.length < count) {
      const relayed = await mesh.relay();
      const busy = CONSUMERS.filter((consumer) => mesh.queues[consumer].counts().visible > 0);
      await Promise.all(busy.map((consumer) => mesh.runners[consumer].pollOnce()));
      if (relayed === 0 && busy.length === 0)
        throw new Error(`mesh went quiet with ${latencies.length}/${count} ACTIVE`);
      if (performance.now() - lastReport > 2_000) {
        lastReport = performance.now();
        process.stderr.write(
          `  ${mode}: ${latencies.length}/${count} ACTIVE after ${((lastReport - started) / 1000).toFixed(1)} s\n`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const active = (await mesh.ledgerStore.list({ state: "ACTIVE", limit: count + 1 })).items.length;
    if (active !== count)
      throw new Error(`expected ${count} ACTIVE instances in the ledger, found ${active}`);
    latencies.sort((a, b) => a - b);
    const percentile = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return {
      seconds,
      perSecond: count / seconds,
      p50Seconds: percentile(50) / 1000,
      p99Seconds: percentile(99) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      dynamo: dynamo ? await dynamoFigures(dynamo, count) : null,
    };
  } finally {
    await stop();
  }
}

async function dynamoFigures(dynamo: NonNullable<SagaMesh["dynamo"]>, count: number): Promise<DynamoFigures> {
  // Read before the floor's own calls go through the same client.
  const calls = Object.fromEntries(dynamo.calls);
  const callSeconds = Object.fromEntries([...dynamo.callMs].map(([name, ms]) => [name, ms / 1000]));
  const transactions = dynamo.calls.get("TransactWriteItemsCommand") ?? 0;
  const transactionItems = dynamo.calls.get(TRANSACT_ITEMS) ?? 0;
  const reads = [...dynamo.calls].reduce(
    (sum, [name, made]) => sum + (name.startsWith("Transact") ? 0 : made),
    0,
  );
  const javaPeakRssMb = await peakRssMbOf(dynamo.javaPid);
  const floor = await dynamo.floor();
  const readsPerInstance = reads / count;
  const transactionsPerInstance = transactions / count;
  const secondsPerInstance =
    readsPerInstance / floor.getsPerSecond + transactionsPerInstance / floor.transactionsPerSecond;
  return {
    javaPeakRssMb,
    readsPerInstance,
    transactionsPerInstance,
    transactionItemsPerInstance: transactionItems / count,
    calls,
    callSeconds,
    floor,
    sequentialCeiling: 1 / secondsPerInstance,
  };
}
