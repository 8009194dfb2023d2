import type { DataOf, OperationKind } from "@bbws/contracts";
import { OPERATION_RULES, stagesOf } from "@bbws/contracts";
import { compensate, failed, undoDone, undoRequest } from "./compensate.ts";
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

/**
 * The answer of a service the current stage (or undo) awaits. A late answer to an earlier
 * stage's request is not: it names another request, or (for an undo) another operation id.
 */
function isCurrentStep(
  record: InstanceRecord,
  step: { operationId: string; operation: OperationKind; service: string; answers?: string | undefined },
) {
  const { operation } = record;
  const { undo } = operation;
  // The request is built last: only a lifecycle operation has one (a late answer may find the
  // instance provisioning or deprovisioning, whose requests are not lifecycle stages).
  const request = () => (undo ? undoRequest(record) : stageRequest(record));
  return (
    isOpen(operation) &&
    step.operationId === (undo ? undo.operationId : operation.operationId) &&
    (undo !== undefined || operation.kind === step.operation) &&
    operation.awaiting.some((service) => service === step.service) &&
    (step.answers === undefined || step.answers === request().name)
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
 * One service failed its part. The stage still waits for its other services, so that the
 * compensation (COMPENSATION_RULES) knows every step's outcome; a failed undo step is kept
 * apart, since it means the services may disagree.
 */
export function onLifecycleStepFailed(record: InstanceRecord, step: StepFailed): Step {
  if (!isCurrentStep(record, step)) return { record, emits: [] };
  const { operation } = record;
  const failure: OperationFailure = { code: step.code, reason: step.reason, service: step.service };
  // The data is in no state to serve: no resume; the instance stays as the first stage left it.
  if (step.unsafeToResume && !operation.undo)
    return failed(record, { ...failure, stage: operation.stage }, "SUSPENDED");
  const awaiting = operation.awaiting.filter((service) => service !== step.service);
  const progressed: OperationRecord = operation.undo
    ? { ...operation, awaiting, undo: { ...operation.undo, failures: [...operation.undo.failures, failure] } }
    : { ...markInProgress(operation), awaiting, failure: stageFailure(operation, failure) };
  const next: InstanceRecord = { ...record, operation: progressed };
  return awaiting.length === 0 ? stageDone(next) : { record: next, emits: [] };
}

/**
 * The failure to keep: the stage's first. A failure in a restore's last stage, run after an
 * earlier one failed, names both; its `stage` says the current stage failed too.
 */
function stageFailure(operation: OperationRecord, failure: OperationFailure): OperationFailure {
  const earlier = operation.failure;
  if (!earlier) return { ...failure, stage: operation.stage };
  if (earlier.stage === operation.stage) return earlier;
  return {
    ...failure,
    reason: `${failure.reason} (after an earlier failure: ${earlier.reason})`,
    stage: operation.stage,
  };
}

/** Every service of the stage answered: run the next stage, finish, or compensate a failure. */
function stageDone(record: InstanceRecord): Step {
  const { operation } = record;
  if (operation.undo) return undoDone(record);
  // A restore rolling forward that failed again in its last stage is compensated as any failure.
  if (operation.failure) return compensate(record);
  const stages = stagesOf(operation.kind, record.state);
  const next = operation.stage + 1;
  if (next >= stages.length) return complete(record);
  const advanced: InstanceRecord = {
    ...record,
    operation: { ...operation, stage: next, awaiting: [...(stages[next] ?? [])] },
  };
  return { record: advanced, emits: [stageRequest(advanced)] };
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
  const rotated = operation.kind === "rotateCredentials" ? { credentialsRotatedAt: record.updatedAt } : {};
  const completed: InstanceRecord = {
    ...record,
    ...rotated,
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
    case "rotateCredentials":
      return emit("CredentialsRotated", { operationId });
    case "provision":
    case "deprovision":
      throw new Error(`${kind} does not complete through lifecycle steps`);
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown operation ${String(unreachable)}`);
    }
  }
}
