import { randomUUID } from "node:crypto";
import {
  allowedOperations,
  type CommandResult,
  type LedgerCommand,
  OPERATION_RULES,
  type Rejection,
  toOperationView,
} from "@bbws/contracts";

import type {
  LedgerCommandHandler,
  LedgerInstanceRecord,
  LedgerLoggedEvent,
  LedgerOperationRecord,
  LedgerReadModel,
} from "../adapters/ledger/ledgerReadModel.ts";
import { isOpen } from "../domain/links.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type FakeRecord = Mutable<LedgerInstanceRecord> & { params: LedgerCommand };

/** A stand-in for the ledger (its command rules and its store's reads) for the API's tests. */
export interface FakeLedger extends LedgerReadModel, LedgerCommandHandler {
  /** Finishes the open operation as the services would report it. */
  complete(instanceId: string): void;
  /** When set, every call throws it (the ledger unreachable). */
  outage: Error | null;
  readonly commands: LedgerCommand[];
}

/**
 * Follows the same rules as the ledger's decideCommand: the same operationId is the same
 * command, one live instance per tenant and environment, one open operation at a time,
 * OPERATION_RULES for what a state allows, restore only from this instance's backups.
 */
export function createFakeLedger(options: { now?: () => string } = {}): FakeLedger {
  const now = options.now ?? (() => new Date().toISOString());
  const records = new Map<string, FakeRecord>();
  const operations = new Map<string, LedgerOperationRecord & { instanceId: string }>();
  const logs = new Map<string, LedgerLoggedEvent[]>();
  const commands: LedgerCommand[] = [];

  function log(record: FakeRecord, type: string, data: unknown): void {
    const at = now();
    const event = {
      source: "bbws.ledger",
      "detail-type": type,
      detail: {
        meta: {
          eventId: randomUUID(),
          occurredAt: at,
          correlationId: record.operation.operationId,
          causationId: null,
        },
        data,
      },
    };
    logs.set(record.instanceId, [...(logs.get(record.instanceId) ?? []), { event, loggedAt: at }]);
  }

  function setOperation(record: FakeRecord, operation: LedgerOperationRecord): void {
    record.operation = operation;
    operations.set(operation.operationId, { ...operation, instanceId: record.instanceId });
  }

  function reject(code: Rejection["code"], message: string, record?: FakeRecord): CommandResult {
    const allowed = record && !isOpen(record.operation.status) ? allowedOperations(record.state) : [];
    return {
      outcome: "rejected",
      rejection: { code, message, allowed, ...(record ? { instanceId: record.instanceId } : {}) },
    };
  }

  function accepted(record: FakeRecord): CommandResult {
    return {
      outcome: "accepted",
      operation: toOperationView(record.instanceId, record.operation),
      state: record.state,
    };
  }

  function newOperation(command: LedgerCommand): LedgerOperationRecord {
    const at = now();
    const deadlineAt = new Date(Date.parse(at) + OPERATION_RULES[command.operation].deadlineMs).toISOString();
    return {
      operationId: command.operationId,
      kind: command.operation,
      status: "PENDING",
      requestedAt: at,
      deadlineAt,
    };
  }

  function provision(command: Extract<LedgerCommand, { operation: "provision" }>): CommandResult {
    const live = [...records.values()].find(
      (record) =>
        record.tenantId === command.spec.tenantId &&
        record.environment === command.spec.environment &&
        record.state !== "DEPROVISIONED",
    );
    if (live)
      return reject(
        "LEDGER.INSTANCE_EXISTS",
        `tenant ${command.spec.tenantId} already has instance ${live.instanceId}`,
        live,
      );
    const at = now();
    const record: FakeRecord = {
      instanceId: command.instanceId,
      tenantId: command.spec.tenantId,
      environment: command.spec.environment,
      spec: command.spec,
      state: "PENDING_PROVISIONING",
      resources: { identity: "creating", storage: "creating", routing: "creating", compute: "absent" },
      outputs: {},
      operation: newOperation(command),
      backups: [],
      createdAt: at,
      updatedAt: at,
      params: command,
    };
    records.set(record.instanceId, record);
    setOperation(record, record.operation);
    log(record, "InstanceRequested", { operationId: command.operationId, spec: command.spec });
    return accepted(record);
  }

  async function handleCommand(command: LedgerCommand): Promise<CommandResult> {
    if (fake.outage) throw fake.outage;
    commands.push(command);
    const record = records.get(command.instanceId);
    if (record && record.operation.operationId === command.operationId) return accepted(record);
    if (command.operation === "provision")
      return record
        ? reject("LEDGER.INSTANCE_EXISTS", `instance ${record.instanceId} already exists`, record)
        : provision(command);
    if (!record) return reject("LEDGER.INSTANCE_NOT_FOUND", `no instance ${command.instanceId}`);
    if (isOpen(record.operation.status))
      return reject(
        "LEDGER.OPERATION_IN_PROGRESS",
        `operation ${record.operation.operationId} is still running`,
        record,
      );
    if (!OPERATION_RULES[command.operation].allowedFrom.includes(record.state))
      return reject(
        "LEDGER.TRANSITION_FORBIDDEN",
        `cannot ${command.operation} an instance that is ${record.state}`,
        record,
      );
    if (
      command.operation === "restore" &&
      !record.backups.some((backup) => backup.backupId === command.backupId)
    )
      return reject(
        "LEDGER.BACKUP_NOT_FOUND",
        `backup ${command.backupId} does not belong to ${record.instanceId}`,
        record,
      );
    setOperation(record, newOperation(command));
    record.state = OPERATION_RULES[command.operation].during ?? record.state;
    record.params = command;
    log(record, `${command.operation}Requested`, { operationId: command.operationId });
    return accepted(record);
  }

  function complete(instanceId: string): void {
    const record = records.get(instanceId);
    if (!record) throw new Error(`no instance ${instanceId}`);
    const { kind } = record.operation;
    const command = record.params;
    if (kind === "provision") {
      const url = `http://${record.spec.tenantId}.localhost:8080/`;
      record.outputs = { routing: { url }, health: { url, httpStatus: 200 } };
      record.resources = { identity: "ready", storage: "ready", routing: "ready", compute: "ready" };
    }
    if (command.operation === "backup")
      record.backups = [
        ...record.backups,
        {
          backupId: command.backupId,
          takenAt: now(),
          location: `file:///backups/${command.backupId}.tar.gz`,
          sha256: "a".repeat(64),
          sizeBytes: 1024,
        },
      ];
    if (command.operation === "scale") record.spec = { ...record.spec, desiredCount: command.desiredCount };
    record.state = kind === "provision" ? "ACTIVE" : (OPERATION_RULES[kind].onSuccess ?? record.state);
    record.updatedAt = now();
    setOperation(record, { ...record.operation, status: "COMPLETED", finishedAt: now() });
    log(record, `${kind}Completed`, { operationId: record.operation.operationId });
  }

  const fake: FakeLedger = {
    outage: null,
    commands,
    handleCommand,
    complete,
    async get(instanceId) {
      if (fake.outage) throw fake.outage;
      const record = records.get(instanceId);
      return record ? { record: structuredClone(record) } : null;
    },
    async list(query) {
      const matching = [...records.values()].filter(
        (record) =>
          (!query.tenantId || record.tenantId === query.tenantId) &&
          (!query.state || record.state === query.state) &&
          (!query.environment || record.environment === query.environment),
      );
      const start = query.startAt === undefined ? 0 : Number(query.startAt);
      if (!Number.isInteger(start) || start < 0)
        throw Object.assign(new Error(`invalid page cursor ${query.startAt}`), {
          code: "LEDGER.INVALID_CURSOR",
        });
      const next = start + query.limit;
      return {
        items: structuredClone(matching.slice(start, next)),
        ...(next < matching.length ? { nextStartAt: String(next) } : {}),
      };
    },
    async getOperation(operationId) {
      return operations.get(operationId) ?? null;
    },
    async events(instanceId) {
      return logs.get(instanceId) ?? [];
    },
  };
  return fake;
}
