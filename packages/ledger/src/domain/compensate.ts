import {
  COMPENSATION_RULES,
  type CompensationRule,
  type InstanceState,
  type LifecycleOperation,
  SERVICES,
  stagesOf,
} from "@bbws/contracts";
import { type Emit, emit } from "./decision.ts";
import type { InstanceRecord, OperationFailure, OperationRecord } from "./instance.ts";
import type { Step } from "./release.ts";
import { stageRequest } from "./stageRequest.ts";
import { undoOperationId } from "./undoOperationId.ts";

function ruleOf(record: InstanceRecord): CompensationRule {
  const { kind } = record.operation;
  if (kind === "provision" || kind === "deprovision") throw new Error(`${kind} compensates by release`);
  return COMPENSATION_RULES[kind satisfies LifecycleOperation];
}

/**
 * Every service of the current stage answered and one failed (`operation.failure`): roll
 * forward to the last stage, undo, or fail, as the operation's COMPENSATION_RULES say.
 */
export function compensate(record: InstanceRecord): Step {
  const { operation } = record;
  const failure = operation.failure;
  if (!failure) throw new Error(`operation ${operation.operationId} has nothing to compensate`);
  const rule = ruleOf(record);
  const stages = stagesOf(operation.kind, record.state);
  const last = stages.length - 1;
  // Rolled forward, and the last stage brought the instance back: it failed, in a known state.
  if (failure.stage !== operation.stage) return failed(record, failure);
  if (rule.strategy === "rollForward" && operation.stage < last) {
    const forward: InstanceRecord = {
      ...record,
      operation: { ...operation, stage: last, awaiting: [...(stages[last] ?? [])] },
    };
    return { record: forward, emits: [stageRequest(forward)] };
  }
  const touched = stages[operation.stage] ?? [];
  const undo = rule.undo;
  const undoes = undo?.afterStages
    ? undo.afterStages.includes(operation.stage)
    : undo?.services.some((service) => touched.includes(service));
  if (rule.strategy === "none" || !undo || !undoes) return failed(record, failure);
  const undoing: InstanceRecord = {
    ...record,
    operation: {
      ...operation,
      awaiting: [...undo.services],
      undo: { operationId: undoOperationId(operation.operationId), failures: [] },
    },
  };
  return { record: undoing, emits: [undoRequest(undoing)] };
}

/** Every service of the undo answered: FAILED as the rule says, or flagged when the undo failed too. */
export function undoDone(record: InstanceRecord): Step {
  const { operation } = record;
  const rule = ruleOf(record);
  const failure = operation.failure;
  if (!failure || !operation.undo) throw new Error(`operation ${operation.operationId} is not undoing`);
  if (operation.undo.failures.length === 0) return failed(record, failure, rule.undoneState);
  return inconsistent(record, rule, failure, operation.undo.failures);
}

/** The request that undoes the operation, carrying the recorded spec: what compute and routing return to. */
export function undoRequest(record: InstanceRecord): Emit {
  const { operation, spec } = record;
  const request = ruleOf(record).undo?.request;
  const operationId = operation.undo?.operationId;
  if (!operationId) throw new Error(`operation ${operation.operationId} is not undoing`);
  switch (request) {
    case "SuspendRequested":
      return emit("SuspendRequested", { operationId });
    case "ResumeRequested":
      return emit("ResumeRequested", { operationId });
    case "ScaleRequested":
      return emit("ScaleRequested", {
        operationId,
        desiredCount: spec.desiredCount,
        ...(operation.params.size ? { size: spec.size } : {}),
      });
    case "ImageUpdateRequested":
      return emit("ImageUpdateRequested", { operationId, wordpress: spec.wordpress });
    case "CredentialsRotationRequested":
      return emit("CredentialsRotationRequested", {
        operationId,
        phase: "rollBack",
        rotationId: operation.operationId,
      });
    default:
      throw new Error(`${operation.kind} has no undo request the ledger can build (${String(request)})`);
  }
}

/** The operation failed; the instance holds `state` (default: the state it has). */
export function failed(record: InstanceRecord, failure: OperationFailure, state?: InstanceState): Step {
  const { operation } = record;
  const { undo: _undone, ...rest } = operation;
  const ended: OperationRecord = { ...rest, status: "FAILED", finishedAt: record.updatedAt, failure };
  return {
    record: { ...record, state: state ?? record.state, operation: ended },
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

function inconsistent(
  record: InstanceRecord,
  rule: CompensationRule,
  failure: OperationFailure,
  undoFailures: readonly OperationFailure[],
): Step {
  const { operation } = record;
  const fallback = rule.ifUndoFails;
  if (!fallback) throw new Error(`${operation.kind} undoes without saying what a failed undo leaves`);
  const services = SERVICES.filter((service) => undoFailures.some((undone) => undone.service === service));
  const reason =
    `${operation.kind} failed (${describe(failure)}) and undoing it failed too ` +
    `(${undoFailures.map(describe).join("; ")}); recorded ${fallback.state}: ` +
    `run ${fallback.repair} once the cause is fixed`;
  const flagged: OperationFailure = { code: "LEDGER.INCONSISTENT", reason, ...pickService(undoFailures) };
  const step = failed(record, flagged, fallback.state);
  return {
    record: step.record,
    emits: [
      ...step.emits,
      emit("InstanceInconsistent", {
        operationId: operation.operationId,
        operation: operation.kind,
        services,
        code: flagged.code,
        reason,
        state: fallback.state,
        repair: fallback.repair,
      }),
    ],
  };
}

function describe(failure: OperationFailure): string {
  return `${failure.service ? `${failure.service} ` : ""}${failure.code}: ${failure.reason}`;
}

function pickService(failures: readonly OperationFailure[]): Pick<OperationFailure, "service"> {
  const service = failures[0]?.service;
  return service ? { service } : {};
}
