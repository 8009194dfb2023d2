import { describe, expect, it } from "vitest";
import { InstanceViewSchema, TimelineEntrySchema } from "../../domain/viewSchemas.ts";
import { createLedgerInstanceQueries } from "./createLedgerInstanceQueries.ts";
import type { LedgerInstanceRecord, LedgerReadModel } from "./ledgerReadModel.ts";

const operation = {
  operationId: "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f",
  kind: "provision",
  status: "COMPLETED",
  requestedAt: "2026-11-22T10:00:00.000Z",
  deadlineAt: "2026-11-22T10:15:00.000Z",
  finishedAt: "2026-11-22T10:01:00.000Z",
  // Ledger-internal members the API must not pass on.
  requestedBy: "olga",
  awaiting: [],
  stage: 1,
  params: {},
} as const;

/** Shaped like the ledger's InstanceRecord, with the members the API does not read. */
const ledgerRecord = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  spec: {
    tenantId: "acme",
    environment: "dev",
    size: "small",
    desiredCount: 1,
    wordpress: { version: "6.4.3", image: "wp:6.4.3" },
    hostname: "acme.example.com",
  },
  state: "ACTIVE",
  resources: { identity: "ready", storage: "ready", routing: "ready", compute: "ready" },
  outputs: {
    identity: {
      userPoolId: "eu-west-1_Abc",
      appClientId: "c",
      hostedDomain: "d",
      clientSecretRef: "local-secret:acme/sso",
    },
    storage: { credentialsSecretRef: "local-secret:acme/db", databaseHost: "127.0.0.1" },
    routing: { url: "http://acme.localhost:8080/", targetGroupRef: "tg-acme-dev" },
    health: { url: "http://acme.localhost:8080/", httpStatus: 200 },
  },
  operation,
  release: null,
  backups: [],
  createdAt: "2026-11-22T10:00:00.000Z",
  updatedAt: "2026-11-22T10:01:00.000Z",
} as const;
// Assigned, not annotated: the ledger's real records carry more than the API reads.
const record: LedgerInstanceRecord = ledgerRecord;

const store: LedgerReadModel = {
  get: async (instanceId) => (instanceId === record.instanceId ? { record } : null),
  list: async (query) => ({ items: [record], ...(query.startAt ? {} : { nextStartAt: "cursor-2" }) }),
  getOperation: async () => ({ ...operation, instanceId: record.instanceId }),
  events: async () => [
    {
      loggedAt: "2026-11-22T10:00:00.100Z",
      event: {
        source: "bbws.ledger",
        "detail-type": "InstanceRequested",
        detail: {
          meta: {
            eventId: "e1",
            occurredAt: "2026-11-22T10:00:00.000Z",
            correlationId: "c1",
            causationId: null,
          },
          data: { operationId: operation.operationId },
        },
      },
    },
  ],
};

describe("createLedgerInstanceQueries", () => {
  const queries = createLedgerInstanceQueries(store);

  it("maps a ledger record to the API's view, without service outputs or ledger internals", async () => {
    const view = await queries.get(record.instanceId);
    expect(InstanceViewSchema.strict().parse(view)).toEqual(view);
    expect(view).toMatchObject({
      url: "http://acme.localhost:8080/",
      health: { httpStatus: 200 },
      operation: { finishedAt: operation.finishedAt },
    });
    expect(JSON.stringify(view)).not.toMatch(/secret|userPoolId|targetGroupRef|requestedBy|awaiting/);
    expect(await queries.get("00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("passes the cursor through and maps operations and the event log", async () => {
    expect(await queries.list({ limit: 5 })).toMatchObject({
      items: [{ tenantId: "acme" }],
      nextStartAt: "cursor-2",
    });
    expect(await queries.list({ limit: 5, startAt: "cursor-2" })).not.toHaveProperty("nextStartAt");
    expect(await queries.getOperation(operation.operationId)).toEqual({
      operationId: operation.operationId,
      instanceId: record.instanceId,
      kind: "provision",
      status: "COMPLETED",
      requestedAt: operation.requestedAt,
      deadlineAt: operation.deadlineAt,
      finishedAt: operation.finishedAt,
    });
    const [entry] = await queries.events(record.instanceId);
    expect(TimelineEntrySchema.parse(entry)).toEqual({
      eventId: "e1",
      type: "InstanceRequested",
      source: "bbws.ledger",
      occurredAt: "2026-11-22T10:00:00.000Z",
      loggedAt: "2026-11-22T10:00:00.100Z",
      correlationId: "c1",
      causationId: null,
      data: { operationId: operation.operationId },
    });
  });
});
