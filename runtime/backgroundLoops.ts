import { type OrphanScanner, RELAY_BATCH_SIZE, rotateDueCredentials } from "@bbws/ledger";
import type { Logger } from "@bbws/mesh";
import type { LocalMesh } from "./createLocalMesh.ts";
import { createRelayPump } from "./relayPump.ts";

const MINUTE = 60_000;
/**
 * The relay publishes what each ledger commit queues as it lands (`mesh.onOutbox`); this poll only
 * queries the outbox for what no commit handed over. It was the relay's only trigger at 50 ms:
 * DynamoDB Local answered 20 queries a second for as long as the stack ran, and each ledger hop
 * waited 25 ms for it on average.
 */
const RELAY_FALLBACK_MS = 1_000;

/**
 * The outbox relay (Streams + Pipes on AWS; pushed by the ledger's commits, see relayPump.ts), the
 * stuck sweeper, the health sweep, the orphan scan and the credentials rotation schedule (schedules on AWS). The first orphan scan runs a minute after
 * start, then daily (HLD §5.4); rotations due (30 days after the last, HLD 6.2) are started hourly.
 */
export function startLoops(input: {
  mesh: LocalMesh;
  orphans: OrphanScanner;
  logger: Logger;
  orphanScanEveryMs?: number;
  /** Re-checks ACTIVE instances whose last check is stale (events can be lost), every minute. */
  healthSweep?: { sweep(): Promise<number> };
  rotationSweepEveryMs?: number;
  /** The schedule's clock (tests move it a month on). */
  clock?: () => Date;
}) {
  const { mesh, orphans, logger } = input;
  const relay = createRelayPump({
    pending: () => mesh.ledgerStore.pendingOutbox(RELAY_BATCH_SIZE),
    publish: (entries) => mesh.publishOutbox(entries),
    logger,
    fallbackMs: RELAY_FALLBACK_MS,
  });
  const unsubscribe = mesh.onOutbox(relay.kick);
  const sweeper = setInterval(() => {
    mesh.ledger.sweepStuck().catch((error: unknown) => logger.error("stuck sweep failed", { error }));
  }, 30_000);
  const scanOrphans = () => {
    orphans
      .scan()
      .then((report) => {
        if (report.orphans.length > 0)
          logger.warn("orphans found: see GET /v1.0/orphans", {
            scanId: report.scanId,
            orphans: report.orphans.length,
          });
      })
      .catch((error: unknown) => logger.error("orphan scan failed", { error }));
  };
  let sweepingHealth = false;
  const healthSweep = setInterval(() => {
    if (!input.healthSweep || sweepingHealth) return;
    sweepingHealth = true;
    input.healthSweep
      .sweep()
      .catch((error: unknown) => logger.error("health sweep failed", { error }))
      .finally(() => {
        sweepingHealth = false;
      });
  }, MINUTE);
  healthSweep.unref();
  const firstScan = setTimeout(scanOrphans, MINUTE);
  const orphanScan = setInterval(scanOrphans, input.orphanScanEveryMs ?? 24 * 60 * MINUTE);
  firstScan.unref();
  orphanScan.unref();
  const rotations = setInterval(
    () => {
      rotateDueCredentials({
        queries: mesh.ledgerStore,
        commands: mesh.ledger,
        clock: input.clock ?? (() => new Date()),
        logger: logger.child({ service: "credential-rotation" }),
      }).catch((error: unknown) => logger.error("credentials rotation sweep failed", { error }));
    },
    input.rotationSweepEveryMs ?? 60 * MINUTE,
  );
  rotations.unref();
  return {
    async stop() {
      unsubscribe();
      await relay.stop();
      clearInterval(sweeper);
      clearInterval(healthSweep);
      clearTimeout(firstScan);
      clearInterval(orphanScan);
      clearInterval(rotations);
    },
  };
}
