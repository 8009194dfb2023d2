import { ledgerFromEnvironment } from "./deps.ts";

let built: ReturnType<typeof ledgerFromEnvironment> | undefined;

/**
 * The stuck sweeper's Lambda entry point, run every minute by a schedule: operations past
 * their deadline become STUCK and `OperationStuck` is committed to the outbox (the relay
 * publishes it; a rule on the bus notifies operators). At most 100 per run.
 */
export async function handler(): Promise<{ swept: number }> {
  built ??= ledgerFromEnvironment("stuck-sweeper");
  const swept = await built.service.sweepStuck();
  if (swept > 0) built.logger.info("overdue operations swept", { swept });
  return { swept };
}
