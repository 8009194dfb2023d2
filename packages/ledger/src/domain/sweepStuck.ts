import { changed, type Decision, emit, unchanged } from "./decision.ts";
import type { InstanceRecord } from "./instance.ts";

/** An operation past its deadline is STUCK: it stays open, so a late report can still finish it. */
export function sweepStuck(record: InstanceRecord, now: string): Decision {
  const { operation } = record;
  const running = operation.status === "PENDING" || operation.status === "IN_PROGRESS";
  if (!running || operation.deadlineAt >= now) return unchanged(record);
  return changed({ ...record, operation: { ...operation, status: "STUCK" }, updatedAt: now }, [
    emit("OperationStuck", {
      operationId: operation.operationId,
      operation: operation.kind,
      startedAt: operation.requestedAt,
      deadlineAt: operation.deadlineAt,
    }),
  ]);
}
