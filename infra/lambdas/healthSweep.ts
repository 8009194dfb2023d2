import { createHealthSweep } from "@bbws/ledger";
import { createJsonLogger, type Logger } from "@bbws/mesh";
import { createHealthLambdaDeps, type HealthSweepLambdaConfig, loadHealthSweepConfig } from "./healthDeps.ts";

/** An ACTIVE instance whose last check is older than this is checked again (as locally). */
export const HEALTH_STALE_AFTER_MS = 5 * 60_000;
/** Each part's time on AWS: DescribeServices / DescribeTargetHealth through an assumed role, a GET. */
export const HEALTH_PART_TIMEOUT_MS = 5_000;

export function createHealthSweepLambda(
  config: HealthSweepLambdaConfig,
  logger: Logger,
  clients?: Parameters<typeof createHealthLambdaDeps>[2],
  clock: () => number = Date.now,
) {
  const deps = createHealthLambdaDeps(config, logger, clients);
  const sweep = createHealthSweep({
    store: deps.store,
    handleEvent: deps.handleEvent,
    probes: deps.probesWith(config.BBWS_STORAGE_DRIFT_FUNCTION),
    staleAfterMs: HEALTH_STALE_AFTER_MS,
    partTimeoutMs: HEALTH_PART_TIMEOUT_MS,
    clock,
  });
  return async (): Promise<{ checked: number }> => {
    const checked = await sweep.sweep();
    if (checked > 0) logger.info("stale instances checked", { checked });
    return { checked };
  };
}

let built: (() => Promise<{ checked: number }>) | undefined;

/** The Lambda entry point, run every minute by a schedule (infra/health.ts). */
export async function handler(): Promise<{ checked: number }> {
  built ??= createHealthSweepLambda(
    loadHealthSweepConfig(process.env),
    createJsonLogger({ fields: { consumer: "health-sweep" } }),
  );
  return built();
}
