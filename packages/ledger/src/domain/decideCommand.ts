import {
  allowedOperations,
  type InstanceState,
  type LedgerCommand,
  OPERATION_RULES,
  type Rejection,
  stagesOf,
} from "@bbws/contracts";
import { changed, type Decision, emit } from "./decision.ts";
import { type InstanceRecord, isOpen, type OperationParams, type OperationRecord } from "./instance.ts";
import { releaseStage } from "./release.ts";
import { settle } from "./settle.ts";
import { stageRequest } from "./stageRequest.ts";

/** Accept or reject an operator's command against the instance's current state. */
export function decideCommand(record: InstanceRecord | null, command: LedgerCommand, now: string): Decision {
  if (record && record.operation.operationId === command.operationId) return { record, emits: [] }; // idempotent retry
  if (command.operation === "provision") {
    if (record)
      return rejected(record, "LEDGER.INSTANCE_EXISTS", `instance ${record.instanceId} already exists`);
    return provision(command, now);
  }
  if (!record) {
    return {
      record: null,
      emits: [],
      rejection: {
        code: "LEDGER.INSTANCE_NOT_FOUND",
        message: `no instance ${command.instanceId}`,
        allowed: [],
      },
    };
  }
  if (isOpen(record.operation)) {
    return rejected(
      record,
      "LEDGER.OPERATION_IN_PROGRESS",
      `operation ${record.operation.operationId} (${record.operation.kind}) is still ${record.operation.status}; wait for it to finish`,
    );
  }
  if (!OPERATION_RULES[command.operation].allowedFrom.includes(record.state)) {
    return rejected(
      record,
      "LEDGER.TRANSITION_FORBIDDEN",
      `cannot ${command.operation} an instance that is ${record.state}`,
    );
  }
  if (
    command.operation === "restore" &&
    !record.backups.some((backup) => backup.backupId === command.backupId)
  ) {
    return rejected(
      record,
      "LEDGER.BACKUP_NOT_FOUND",
      `backup ${command.backupId} does not belong to instance ${record.instanceId}`,
    );
  }
  return startOperation(record, command, now);
}

function rejected(record: InstanceRecord, code: Rejection["code"], message: string): Decision {
  return {
    record,
    emits: [],
    rejection: {
      code,
      message,
      allowed: isOpen(record.operation) ? [] : allowedOperations(record.state),
      instanceId: record.instanceId,
    },
  };
}

function provision(command: Extract<LedgerCommand, { operation: "provision" }>, now: string): Decision {
  const operation = newOperation(command, now, "PENDING_PROVISIONING");
  const record: InstanceRecord = {
    instanceId: command.instanceId,
    tenantId: command.spec.tenantId,
    environment: command.spec.environment,
    spec: command.spec,
    state: "PENDING_PROVISIONING",
    resources: { identity: "creating", storage: "creating", routing: "creating", compute: "absent" },
    outputs: {},
    operation,
    release: null,
    backups: [],
    createdAt: now,
    updatedAt: now,
  };
  return changed(
    record,
    [emit("InstanceRequested", { operationId: operation.operationId, spec: command.spec })],
    "claim",
  );
}

function startOperation(
  record: InstanceRecord,
  command: Exclude<LedgerCommand, { operation: "provision" }>,
  now: string,
): Decision {
  const operation = newOperation(command, now, record.state);
  const rule = OPERATION_RULES[command.operation];
  const started: InstanceRecord = {
    ...record,
    operation,
    state: rule.during ?? record.state,
    updatedAt: now,
  };
  if (command.operation === "deprovision") {
    const release = releaseStage(started, "deprovision", 0);
    return settle(release.record, [
      emit("DeprovisionStarted", { operationId: operation.operationId }),
      ...release.emits,
    ]);
  }
  return changed(started, [stageRequest(started)]);
}

function newOperation(command: LedgerCommand, now: string, from: InstanceState): OperationRecord {
  const rule = OPERATION_RULES[command.operation];
  return {
    operationId: command.operationId,
    kind: command.operation,
    status: "PENDING",
    requestedAt: now,
    requestedBy: command.requestedBy,
    correlationId: command.correlationId,
    deadlineAt: new Date(Date.parse(now) + rule.deadlineMs).toISOString(),
    stage: 0,
    awaiting: command.operation === "deprovision" ? [] : [...(stagesOf(command.operation, from)[0] ?? [])],
    params: paramsOf(command),
  };
}

function paramsOf(command: LedgerCommand): OperationParams {
  switch (command.operation) {
    case "scale":
      return command.size
        ? { desiredCount: command.desiredCount, size: command.size }
        : { desiredCount: command.desiredCount };
    case "updateImage":
      return { wordpress: command.wordpress };
    case "backup":
    case "restore":
      return { backupId: command.backupId };
    default:
      return {};
  }
}
