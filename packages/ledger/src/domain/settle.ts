import { changed, type Decision, type Emit, emit } from "./decision.ts";
import { type InstanceRecord, isOpen } from "./instance.ts";

/**
 * Finish a release that has no stage left: a rollback ends FAILED, a
 * deprovisioning DEPROVISIONED; both free the tenant's slot.
 */
export function settle(record: InstanceRecord, emits: readonly Emit[]): Decision {
  const { operation } = record;
  if (record.release !== null || !isOpen(operation)) return changed(record, emits);
  if (record.state === "ROLLING_BACK") {
    const failure = operation.failure ?? {
      code: "LEDGER.ROLLED_BACK",
      reason: "provisioning was rolled back",
    };
    const failed: InstanceRecord = {
      ...record,
      state: "FAILED",
      operation: { ...operation, status: "FAILED", finishedAt: record.updatedAt },
    };
    return changed(
      failed,
      [
        ...emits,
        emit("InstanceRolledBack", {
          operationId: operation.operationId,
          code: failure.code,
          reason: failure.reason,
        }),
      ],
      "free",
    );
  }
  if (record.state === "PENDING_DEPRO" && operation.kind === "deprovision") {
    const gone: InstanceRecord = {
      ...record,
      state: "DEPROVISIONED",
      operation: { ...operation, status: "COMPLETED", finishedAt: record.updatedAt },
    };
    const { archive } = record.outputs;
    return changed(
      gone,
      [
        ...emits,
        emit("InstanceDeprovisioned", {
          operationId: operation.operationId,
          ...(archive ? { archive } : {}),
        }),
      ],
      "free",
    );
  }
  return changed(record, emits);
}
