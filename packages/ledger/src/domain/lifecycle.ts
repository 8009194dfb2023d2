import type { DataOf, OperationKind } from "@bbws/contracts";
import { OPERATION_RULES } from "@bbws/contracts";
import { type Emit, emit } from "./decision.ts";
import { type InstanceRecord, isOpen, markInProgress, type OperationRecord } from "./instance.ts";
import type { Step } from "./release.ts";

type StepCompleted = DataOf<"OperationStepCompleted">;
type StepFailed = DataOf<"OperationStepFailed">;

function isCurrentStep(
  record: InstanceRecord,
  step: { operationId: string; operation: OperationKind; service: string },
) {
  const { operation } = record;
  return (
    isOpen(operation) &&
    operation.operationId === step.operationId &&
    operation.kind === step.operation &&
    operation.awaiting.some((service) => service === step.service)
  );
}

/** One service finished its part; the operation completes when the last one has. */
export function onLifecycleStepCompleted(record: InstanceRecord, step: StepCompleted): Step {
  if (!isCurrentStep(record, step)) return { record, emits: [] };
  const awaiting = record.operation.awaiting.filter((service) => service !== step.service);
  const outputs = step.compute ? { ...record.outputs, compute: step.compute } : record.outputs;
  const backups = step.backup ? [...record.backups, step.backup] : record.backups;
  const progressed: InstanceRecord = {
    ...record,
    outputs,
    backups,
    operation: { ...markInProgress(record.operation), awaiting },
  };
  return awaiting.length === 0 ? complete(progressed) : { record: progressed, emits: [] };
}

export function onLifecycleStepFailed(record: InstanceRecord, step: StepFailed): Step {
  if (!isCurrentStep(record, step)) return { record, emits: [] };
  const operation: OperationRecord = {
    ...record.operation,
    status: "FAILED",
    finishedAt: record.updatedAt,
    failure: { code: step.code, reason: step.reason, service: step.service },
  };
  return {
    record: { ...record, operation },
    emits: [
      emit("OperationFailed", {
        operationId: operation.operationId,
        operation: operation.kind,
        code: step.code,
        reason: step.reason,
      }),
    ],
  };
}

function complete(record: InstanceRecord): Step {
  const { operation } = record;
  const rule = OPERATION_RULES[operation.kind];
  const spec = {
    ...record.spec,
    ...(operation.params.desiredCount !== undefined ? { desiredCount: operation.params.desiredCount } : {}),
    ...(operation.params.size ? { size: operation.params.size } : {}),
    ...(operation.params.wordpress ? { wordpress: operation.params.wordpress } : {}),
  };
  const completed: InstanceRecord = {
    ...record,
    spec,
    state: rule.onSuccess ?? record.state,
    operation: { ...operation, status: "COMPLETED", finishedAt: record.updatedAt },
  };
  return { record: completed, emits: [outcomeEvent(completed)] };
}

function outcomeEvent(record: InstanceRecord): Emit {
  const { operationId, kind, params } = record.operation;
  switch (kind) {
    case "suspend":
      return emit("InstanceSuspended", { operationId });
    case "resume":
      return emit("InstanceResumed", { operationId });
    case "scale":
      return emit("InstanceScaled", { operationId, desiredCount: record.spec.desiredCount });
    case "updateImage":
      return emit("InstanceImageUpdated", { operationId, wordpress: record.spec.wordpress });
    case "restart":
      return emit("InstanceRestarted", { operationId });
    case "backup": {
      const backup = record.backups.find((candidate) => candidate.backupId === params.backupId);
      if (!backup) throw new Error(`backup ${params.backupId} completed without a result`);
      return emit("BackupCompleted", { operationId, backup });
    }
    case "restore": {
      if (!params.backupId) throw new Error(`restore ${operationId} has no backupId`);
      return emit("RestoreCompleted", { operationId, backupId: params.backupId });
    }
    case "provision":
    case "deprovision":
      throw new Error(`${kind} does not complete through lifecycle steps`);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown operation ${String(unreachable)}`);
    }
  }
}
