import type { DataOf, OperationKind } from "@bbws/contracts";
import { OPERATION_RULES, stagesOf } from "@bbws/contracts";
import { type Emit, emit } from "./decision.ts";
import {
  type InstanceRecord,
  isOpen,
  markInProgress,
  type OperationFailure,
  type OperationRecord,
} from "./instance.ts";
import type { Step } from "./release.ts";
import { stageRequest } from "./stageRequest.ts";

type StepCompleted = DataOf<"OperationStepCompleted">;
type StepFailed = DataOf<"OperationStepFailed">;

/** The answer of a service the current stage awaits; a late answer to an earlier stage's request is not. */
function isCurrentStep(
  record: InstanceRecord,
  step: { operationId: string; operation: OperationKind; service: string; answers?: string | undefined },
) {
  const { operation } = record;
  return (
    isOpen(operation) &&
    operation.operationId === step.operationId &&
    operation.kind === step.operation &&
    operation.awaiting.some((service) => service === step.service) &&
    (step.answers === undefined || step.answers === stageRequest(record).name)
  );
}

/** One service finished its part; the stage is done when the last of its services has. */
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
  return awaiting.length === 0 ? stageDone(progressed) : { record: progressed, emits: [] };
}

/**
 * A single-stage operation fails at once. A staged one (a restore of a live instance) still
 * runs its last stage, which brings the instance back, and fails once that is done.
 */
export function onLifecycleStepFailed(record: InstanceRecord, step: StepFailed): Step {
  if (!isCurrentStep(record, step)) return { record, emits: [] };
  const { operation } = record;
  const failure = { code: step.code, reason: step.reason, service: step.service };
  const stages = stagesOf(operation.kind, record.state);
  if (stages.length === 1) return failed(record, failure);
  // The data is in no state to serve: no resume; the instance stays as the first stage left it.
  if (step.unsafeToResume) return failed({ ...record, state: "SUSPENDED" }, failure);
  const last = stages.length - 1;
  const kept: OperationFailure =
    operation.stage === last && operation.failure
      ? { ...failure, reason: `${failure.reason} (after an earlier failure: ${operation.failure.reason})` }
      : (operation.failure ?? failure);
  const awaiting = operation.awaiting.filter((service) => service !== step.service);
  const progressed: InstanceRecord = {
    ...record,
    operation: {
      ...markInProgress(operation),
      awaiting,
      failure:
        operation.stage === last
          ? { ...kept, stage: last }
          : { ...kept, stage: kept.stage ?? operation.stage },
    },
  };
  return awaiting.length === 0 ? stageDone(progressed) : { record: progressed, emits: [] };
}

/** Every service of the stage answered: run the next stage, or finish. After a failure only the last stage runs. */
function stageDone(record: InstanceRecord): Step {
  const { operation } = record;
  const stages = stagesOf(operation.kind, record.state);
  const last = stages.length - 1;
  const next = operation.failure ? (operation.stage < last ? last : undefined) : operation.stage + 1;
  if (next === undefined || next > last) {
    return operation.failure ? failed(record, operation.failure) : complete(record);
  }
  const advanced: InstanceRecord = {
    ...record,
    operation: { ...operation, stage: next, awaiting: [...(stages[next] ?? [])] },
  };
  return { record: advanced, emits: [stageRequest(advanced)] };
}

/**
 * The operation failed; the instance keeps its state, except that a restore whose last stage
 * (the resume) failed leaves the instance suspended, which is what it then is.
 */
function failed(record: InstanceRecord, failure: OperationFailure): Step {
  const { operation } = record;
  const stages = stagesOf(operation.kind, record.state);
  const notResumed = stages.length > 1 && failure.stage === stages.length - 1;
  const ended: OperationRecord = {
    ...operation,
    status: "FAILED",
    finishedAt: record.updatedAt,
    failure,
  };
  return {
    record: { ...record, state: notResumed ? "SUSPENDED" : record.state, operation: ended },
    emits: [
      emit("OperationFailed", {
        operationId: operation.operationId,
        operation: operation.kind,
        code: failure.code,
        reason: failure.reason,
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
