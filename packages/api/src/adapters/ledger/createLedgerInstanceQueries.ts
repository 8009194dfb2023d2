import {
  currentHealthStatus,
  type InstanceRecord,
  type LedgerCommands,
  type LedgerQueries,
  type LoggedEvent,
  toOperationView,
} from "@bbws/contracts";
import type { InstanceView, TimelineEntry } from "../../domain/viewSchemas.ts";
import type { InstanceCommands, InstanceQueries } from "../../ports.ts";

/**
 * The seam with the ledger: its ports and records are @bbws/contracts' (`LedgerCommands`,
 * `LedgerQueries`), which the ledger's service and store implement; the composition root
 * passes them, so the API never imports @bbws/ledger.
 */

/** InstanceCommands over the ledger service, in the same process (locally, and inside the API Lambda). */
export function createLedgerInstanceCommands(ledger: LedgerCommands): InstanceCommands {
  return { submit: (command) => ledger.handleCommand(command) };
}

/**
 * InstanceQueries over the ledger store (memory or DynamoDB), mapped to the API's views.
 * A frozen record (the memory store hands out the same frozen record until it changes) maps
 * to the same frozen view each time, so the view's JSON can be cached by the view's identity
 * (`createViewJsonCache`). A record that is not frozen (DynamoDB's, fresh on every read) maps
 * afresh every time.
 */
export function createLedgerInstanceQueries(store: LedgerQueries): InstanceQueries {
  const views = new WeakMap<InstanceRecord, InstanceView>();
  const viewOf = (record: InstanceRecord): InstanceView => {
    if (!Object.isFrozen(record)) return toInstanceView(record);
    let view = views.get(record);
    if (!view) {
      view = deepFreeze(toInstanceView(record));
      views.set(record, view);
    }
    return view;
  };
  const writeCount = store.writeCount?.bind(store);
  return {
    ...(writeCount ? { writeCount } : {}),
    async get(instanceId) {
      const stored = await store.get(instanceId);
      return stored ? viewOf(stored.record) : null;
    },
    async list(query) {
      const page = await store.list(query);
      return {
        items: page.items.map(viewOf),
        ...(page.nextStartAt ? { nextStartAt: page.nextStartAt } : {}),
      };
    },
    async getOperation(operationId) {
      const operation = await store.getOperation(operationId);
      return operation ? toOperationView(operation.instanceId, operation) : null;
    },
    async events(instanceId) {
      return (await store.events(instanceId)).map(toTimelineEntry);
    },
  };
}

/** Only what an operator needs: no service outputs (resource ids, secret references). */
export function toInstanceView(record: InstanceRecord): InstanceView {
  const url = record.outputs.routing?.url ?? record.outputs.health?.url;
  return {
    instanceId: record.instanceId,
    tenantId: record.tenantId,
    environment: record.environment,
    state: record.state,
    spec: record.spec,
    ...(url ? { url } : {}),
    resources: { ...record.resources },
    ...(record.outputs.health
      ? { health: { url: record.outputs.health.url, httpStatus: record.outputs.health.httpStatus } }
      : {}),
    ...(record.health ? { healthState: record.health } : {}),
    ...(record.state === "ACTIVE" ? { healthStatus: currentHealthStatus(record) } : {}),
    backups: [...record.backups],
    operation: toOperationView(record.instanceId, record.operation),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

function toTimelineEntry({ event, loggedAt }: LoggedEvent): TimelineEntry {
  const { meta, data } = event.detail;
  return {
    eventId: meta.eventId,
    type: event["detail-type"],
    source: event.source,
    occurredAt: meta.occurredAt,
    loggedAt,
    correlationId: meta.correlationId,
    causationId: meta.causationId,
    data,
  };
}
