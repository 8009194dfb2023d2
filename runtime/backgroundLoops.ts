import type { OrphanScanner } from "@bbws/ledger";
import type { Logger } from "@bbws/mesh";
import type { LocalMesh } from "./createLocalMesh.ts";

const MINUTE = 60_000;

/**
 * The outbox relay (Streams + Pipes on AWS), the stuck sweeper and the orphan scan
 * (schedules on AWS). The first orphan scan runs a minute after start, then daily (HLD §5.4).
 */
export function startLoops(input: {
  mesh: LocalMesh;
  orphans: OrphanScanner;
  logger: Logger;
  orphanScanEveryMs?: number;
  /** Re-checks ACTIVE instances whose last check is stale (events can be lost), every minute. */
  healthSweep?: { sweep(): Promise<number> };
}) {
  const { mesh, orphans, logger } = input;
  let relaying = false;
  const relay = setInterval(() => {
    if (relaying) return;
    relaying = true;
    mesh
      .relay()
      .catch((error: unknown) => logger.error("outbox relay failed", { error }))
      .finally(() => {
        relaying = false;
      });
  }, 50);
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
  return {
    async stop() {
      clearInterval(relay);
      clearInterval(sweeper);
      clearInterval(healthSweep);
      clearTimeout(firstScan);
      clearInterval(orphanScan);
    },
  };
}
