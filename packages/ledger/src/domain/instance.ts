import type { InstanceRecord, InstanceState, OperationRecord } from "@bbws/contracts";

/** The records are contracts (the API reads them through `LedgerQueries`): one shape, in @bbws/contracts. */
export type {
  InstanceOutputs,
  InstanceRecord,
  OperationFailure,
  OperationParams,
  OperationRecord,
  ReleaseProgress,
  ResourceStatus,
  UndoProgress,
} from "@bbws/contracts";

export function isOpen(operation: OperationRecord): boolean {
  return operation.status === "PENDING" || operation.status === "IN_PROGRESS" || operation.status === "STUCK";
}

const PROVISIONING_STATES: readonly InstanceState[] = ["PENDING_PROVISIONING", "PROVISIONING"];

export function isProvisioning(record: InstanceRecord): boolean {
  return PROVISIONING_STATES.includes(record.state) && record.operation.kind === "provision";
}

/** The first report of a service moves a PENDING operation to IN_PROGRESS. */
export function markInProgress(operation: OperationRecord): OperationRecord {
  return operation.status === "PENDING" ? { ...operation, status: "IN_PROGRESS" } : operation;
}
