import type { OperationView } from "@bbws/contracts";
import type { InstanceRecord, OperationRecord } from "../domain/instance.ts";

export function toOperationView(record: InstanceRecord): OperationView {
  return operationView(record.instanceId, record.operation);
}

export function operationView(instanceId: string, operation: OperationRecord): OperationView {
  return {
    operationId: operation.operationId,
    instanceId,
    kind: operation.kind,
    status: operation.status,
    requestedAt: operation.requestedAt,
    deadlineAt: operation.deadlineAt,
    ...(operation.finishedAt ? { finishedAt: operation.finishedAt } : {}),
    ...(operation.failure ? { failure: operation.failure } : {}),
  };
}
