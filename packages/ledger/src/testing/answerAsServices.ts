import { randomUUID } from "node:crypto";
import {
  createEvent,
  type DataOf,
  type DomainEvent,
  type EventMeta,
  type EventName,
  type OperationKind,
  type Service,
  SUBSCRIPTIONS,
} from "@bbws/contracts";
import type { LedgerService } from "../application/createLedgerService.ts";
import type { LedgerStore } from "../ports.ts";

export interface ServiceAnswersDeps {
  readonly ledger: Pick<LedgerService, "handleEvent">;
  readonly store: Pick<LedgerStore, "pendingOutbox" | "markPublished">;
  /** ISO time of the answers (a backup's `takenAt`); default: the wall clock. */
  readonly now?: () => string;
  /** The site's URL routing answers; default `http://{tenantId}.localhost:8080/`. */
  readonly siteUrl?: (tenantId: string) => string;
}

type Request = DomainEvent & { detail: { meta: EventMeta } };
type Answer = { name: EventName; data: unknown; producer: Service };

/** The operation a lifecycle request belongs to when the request does not name it. */
const LIFECYCLE_KINDS: Partial<Record<EventName, OperationKind>> = {
  SuspendRequested: "suspend",
  ResumeRequested: "resume",
  ScaleRequested: "scale",
  ImageUpdateRequested: "updateImage",
  RestartRequested: "restart",
  BackupRequested: "backup",
  RestoreRequested: "restore",
  CredentialsRotationRequested: "rotateCredentials",
};

const READY = { identity: "IdentityReady", storage: "StorageReady", routing: "RoutingReady" } as const;
const RELEASED = {
  identity: "IdentityReleased",
  storage: "StorageReleased",
  routing: "RoutingReleased",
  compute: "ComputeReleased",
} as const;

/** The services whose queues receive a request, by the one subscription table. */
function consumersOf(name: EventName): Service[] {
  return SUBSCRIPTIONS.filter(
    (row) =>
      row.consumer !== "ledger" &&
      !("detail" in row.pattern) &&
      (row.pattern["detail-type"] as readonly string[] | undefined)?.includes(name),
  ).map((row) => row.consumer as Service);
}

function outputsOf(tenantId: string, environment: string, siteUrl?: (tenantId: string) => string) {
  const url = siteUrl ? siteUrl(tenantId) : `http://${tenantId}.localhost:8080/`;
  return {
    identity: {
      userPoolId: `local_${tenantId}`,
      appClientId: `client-${tenantId}`,
      hostedDomain: `bbws-${tenantId}-${environment}`,
      clientSecretRef: `local-secret:${tenantId}/sso`,
    },
    storage: {
      accessPointId: `efs-ap-${tenantId}`,
      rootDirectory: `/tenants/${tenantId}`,
      posixUid: 20001,
      posixGid: 20001,
      databaseHost: "127.0.0.1",
      databasePort: 3306,
      databaseName: `wp_${tenantId}`,
      databaseUser: `wp_${tenantId}`,
      credentialsSecretRef: `local-secret:${tenantId}/db`,
    },
    routing: {
      targetGroupRef: `tg-${tenantId}-${environment}`,
      listenerRuleRef: "rule-1",
      hostname: `${tenantId}.localhost`,
      url,
    },
    compute: {
      serviceRef: `wp-${tenantId}-${environment}`,
      taskDefinitionRef: `wp-${tenantId}-${environment}:1`,
    },
  };
}

/** What a service that succeeds answers to one request of the ledger (none to its outcome events). */
function answersTo(request: Request, now: string, siteUrl?: (tenantId: string) => string): Answer[] {
  const name = request["detail-type"];
  if (name === "InstanceRequested" || name === "ComputeRequested")
    return provisioningAnswers(request, siteUrl);
  if (name === "ReleaseRequested") {
    const { operationId, service, reason, archive } = (request as DomainEvent<"ReleaseRequested">).detail
      .data;
    const archived = archive ? { archive: backupOf(`archive-${operationId}`) } : {};
    return [
      {
        name: RELEASED[service],
        data: { operationId, reason, released: [], ...archived },
        producer: service,
      },
    ];
  }
  return lifecycleAnswers(request, now);
}

function provisioningAnswers(request: Request, siteUrl?: (tenantId: string) => string): Answer[] {
  const { tenantId, environment } = request.detail.meta;
  const outputs = outputsOf(tenantId, environment, siteUrl);
  const { operationId, spec } = (request as DomainEvent<"InstanceRequested">).detail.data;
  if (request["detail-type"] === "InstanceRequested")
    return (["identity", "storage", "routing"] as const).map((service) => ({
      name: READY[service],
      data: { operationId, outputs: outputs[service] },
      producer: service,
    }));
  const compute = { ...outputs.compute, desiredCount: spec.desiredCount };
  return [
    { name: "ComputeReady", data: { operationId, outputs: compute }, producer: "compute" },
    {
      name: "InstanceHealthy",
      data: { operationId, url: outputs.routing.url, httpStatus: 200 },
      producer: "compute",
    },
  ];
}

/** One OperationStepCompleted per service the request goes to; storage's backup carries the backup. */
function lifecycleAnswers(request: Request, now: string): Answer[] {
  const name = request["detail-type"];
  const kind = LIFECYCLE_KINDS[name];
  if (!kind) return [];
  const data = request.detail.data as { operationId: string; operation?: OperationKind; backupId?: string };
  const backup =
    name === "BackupRequested"
      ? { backup: { ...backupOf(String(data.backupId)), backupId: data.backupId, takenAt: now } }
      : {};
  return consumersOf(name).map((service) => ({
    name: "OperationStepCompleted",
    data: {
      operationId: data.operationId,
      operation: data.operation ?? kind,
      service,
      answers: name,
      ...backup,
    },
    producer: service,
  }));
}

function backupOf(id: string) {
  return { location: `file:///backups/${id}.tar.gz`, sha256: "a".repeat(64), sizeBytes: 1024 };
}

/**
 * Plays the four services for tests of the ledger's callers (the API's): answers every request
 * the ledger emitted (its outbox) as a service that succeeds would, and the ledger's next
 * requests in turn, until it asks nothing more. With `instanceId`, only that instance's.
 * Returns how many answers it sent.
 */
export async function answerAsServices(deps: ServiceAnswersDeps, instanceId?: string): Promise<number> {
  const now = deps.now ?? (() => new Date().toISOString());
  let sent = 0;
  for (let round = 0; round < 100; round += 1) {
    const pending = (await deps.store.pendingOutbox(1_000))
      .map((entry) => entry.event as Request)
      .filter((event) => instanceId === undefined || event.detail.meta.instanceId === instanceId);
    if (pending.length === 0) return sent;
    await deps.store.markPublished(pending.map((event) => event.detail.meta.eventId));
    for (const request of pending) {
      for (const answer of answersTo(request, now(), deps.siteUrl)) {
        await deps.ledger.handleEvent(toEvent(request, answer, now()));
        sent += 1;
      }
    }
  }
  throw new Error("the ledger kept asking after 100 rounds of answers");
}

function toEvent(request: Request, answer: Answer, occurredAt: string): DomainEvent {
  const { tenantId, instanceId, environment, correlationId, eventId } = request.detail.meta;
  return createEvent({
    name: answer.name,
    data: answer.data as DataOf<typeof answer.name>,
    producer: answer.producer,
    meta: {
      eventId: randomUUID(),
      occurredAt,
      correlationId,
      causationId: eventId,
      tenantId,
      instanceId,
      environment,
    },
  });
}
