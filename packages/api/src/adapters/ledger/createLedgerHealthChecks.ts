import type { DomainEvent, HealthProbe, LedgerQueries } from "@bbws/contracts";
import type { InstanceHealthChecks } from "../../ports.ts";

/**
 * The live check over a ledger in this process (both deployments run the ledger's command side
 * in the API): the target is the instance's record, and the observation goes through the
 * ledger's event path (`LedgerService.handleEvent`), so it is logged on the timeline and its
 * transition is emitted through the outbox like any other event's.
 */
export function createLedgerHealthChecks(input: {
  readonly store: Pick<LedgerQueries, "get">;
  readonly handleEvent: (event: DomainEvent) => Promise<void>;
  readonly probes: readonly HealthProbe[];
  readonly partTimeoutMs?: number;
}): InstanceHealthChecks {
  return {
    probes: input.probes,
    ...(input.partTimeoutMs !== undefined ? { partTimeoutMs: input.partTimeoutMs } : {}),
    async target(instanceId) {
      const found = await input.store.get(instanceId);
      if (!found) return null;
      const { record } = found;
      const url = record.outputs.routing?.url ?? record.outputs.health?.url;
      return {
        instanceId: record.instanceId,
        tenantId: record.tenantId,
        environment: record.environment,
        outputs: record.outputs,
        desiredCount: record.spec.desiredCount,
        ...(url ? { url } : {}),
      };
    },
    record: (event) => input.handleEvent(event),
  };
}
