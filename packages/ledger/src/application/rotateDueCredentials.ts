import { createHash } from "node:crypto";
import type { LedgerCommands, LedgerQueries } from "@bbws/contracts";
import type { Logger } from "@bbws/mesh";
import { credentialRotationDue } from "../domain/credentialRotationDue.ts";

const PAGE = 100;

/**
 * The credentials rotation schedule (HLD 6.2): submits `rotateCredentials` for every ACTIVE
 * instance whose rotation is due (`credentialRotationDue`). The operation id is derived from the
 * instance and the day, so two sweeps of the same day (two processes, a retried schedule) start
 * one rotation. Run hourly by the local stack's loop; returns the instances it started.
 */
export async function rotateDueCredentials(deps: {
  queries: Pick<LedgerQueries, "list">;
  commands: LedgerCommands;
  clock: () => Date;
  logger: Logger;
}): Promise<string[]> {
  const now = deps.clock();
  const started: string[] = [];
  let startAt: string | undefined;
  do {
    const page = await deps.queries.list({ state: "ACTIVE", limit: PAGE, ...(startAt ? { startAt } : {}) });
    for (const record of page.items.filter((candidate) => credentialRotationDue(candidate, now))) {
      const result = await deps.commands.handleCommand({
        operation: "rotateCredentials",
        instanceId: record.instanceId,
        operationId: scheduledOperationId(record.instanceId, now),
        correlationId: `credential-rotation-schedule:${now.toISOString().slice(0, 10)}`,
        requestedBy: "credential-rotation-schedule",
      });
      if (result.outcome === "accepted") started.push(record.instanceId);
      else
        deps.logger.info("scheduled rotation not started", {
          instanceId: record.instanceId,
          ...result.rejection,
        });
    }
    startAt = page.nextStartAt ?? undefined;
  } while (startAt);
  if (started.length > 0) deps.logger.info("credentials rotations started", { instances: started.length });
  return started;
}

/** A name-based UUID (version 5 layout) of the instance and the UTC day. */
export function scheduledOperationId(instanceId: string, now: Date): string {
  const hex = createHash("sha1")
    .update(`rotate:${instanceId}:${now.toISOString().slice(0, 10)}`)
    .digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
