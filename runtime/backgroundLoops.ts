import type { Logger } from "@bbws/mesh";
import type { LocalMesh } from "./createLocalMesh.ts";

/** The outbox relay (Streams + Pipes on AWS) and the stuck sweeper (a schedule on AWS). */
export function startLoops(mesh: LocalMesh, logger: Logger) {
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
  return {
    async stop() {
      clearInterval(relay);
      clearInterval(sweeper);
    },
  };
}
