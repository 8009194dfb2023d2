/**
 * bench/saga: provision N instances through the local mesh (the real ledger,
 * bus, queues and service handlers) with zero-latency in-memory clouds.
 * Prints instances/s, p50/p99 saga latency and peak RSS, against the targets
 * (1,000 within 30 s on a 2-core machine, RSS under 300 MB).
 *
 *   npm run bench:saga            # 1,000 instances
 *   npm run bench:saga -- 200     # another count
 */
import { randomUUID } from "node:crypto";
import { CONSUMERS } from "@bbws/contracts";
import { createMemoryLedgerStore } from "@bbws/ledger";
import { createMemoryEventArchive, createMemoryQueueStore } from "@bbws/local-cloud";
import { silentLogger } from "@bbws/mesh";
import { createLocalMesh } from "../runtime/createLocalMesh.ts";
import { createInMemoryCloud } from "../runtime/inMemoryCloud.ts";

const count = Number(process.argv[2] ?? 1_000);
const submittedAt = new Map<string, number>();
const latencies: number[] = [];
const wordpress = { version: "6.4.3", image: "wordpress:6.4.3-php8.2-apache" };
const mesh = createLocalMesh({
  providers: createInMemoryCloud().providers,
  ledgerStore: createMemoryLedgerStore(),
  queueStore: () => createMemoryQueueStore(),
  archive: createMemoryEventArchive(),
  clock: Date.now,
  logger: silentLogger,
  specDefaults: { wordpress, baseDomain: "sites.example.com" },
  // Watch what the ledger publishes: an InstanceActivated ends an instance's saga.
  wrapPublisher: (consumer, bus) =>
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
        },
});

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
      wordpress,
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
      `  ${latencies.length}/${count} ACTIVE after ${((lastReport - started) / 1000).toFixed(1)} s\n`,
    );
  }
}

const seconds = (performance.now() - started) / 1000;
const activeCount = (await mesh.ledgerStore.list({ state: "ACTIVE", limit: count + 1 })).items.length;
if (activeCount !== count)
  throw new Error(`expected ${count} ACTIVE instances in the ledger, found ${activeCount}`);
latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
console.log(`bench/saga: ${count} instances provisioned through the local mesh (in-memory clouds)`);
console.log(
  `  total          ${seconds.toFixed(2)} s   (target ≤ 30 s for 1,000: ${((30 * count) / 1000 / seconds).toFixed(2)}× headroom)`,
);
console.log(`  throughput     ${(count / seconds).toFixed(1)} instances/s`);
console.log(
  `  saga latency   p50 ${(percentile(50) / 1000).toFixed(2)} s   p99 ${(percentile(99) / 1000).toFixed(2)} s   (all submitted at once)`,
);
console.log(
  `  peak RSS       ${peakRssMb.toFixed(0)} MB   (target < 300 MB: ${(300 / peakRssMb).toFixed(2)}× headroom)`,
);
