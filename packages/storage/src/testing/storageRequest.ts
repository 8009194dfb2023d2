import { randomUUID } from "node:crypto";
import type { DataOf, DomainEvent, InstanceRef } from "@bbws/contracts";

export type StorageRequestName =
  | "InstanceRequested"
  | "ReleaseRequested"
  | "BackupRequested"
  | "RestoreRequested"
  | "CredentialsRotationRequested";

/**
 * A request to storage as the ledger sends it, built without the envelope's validation so a test can
 * hand the service a hostile tenantId and prove the service itself refuses it.
 */
export function storageRequest<N extends StorageRequestName>(
  name: N,
  data: DataOf<N>,
  instance: InstanceRef,
  eventId: string = randomUUID(),
): DomainEvent<N> {
  return {
    version: "0",
    id: randomUUID(),
    source: "bbws.ledger",
    "detail-type": name,
    time: "2026-11-22T10:00:00Z",
    detail: {
      meta: {
        eventId,
        schemaVersion: 1,
        occurredAt: "2026-11-22T10:00:00.000Z",
        correlationId: "correlation",
        causationId: null,
        ...instance,
      },
      data,
    },
  } as unknown as DomainEvent<N>;
}
