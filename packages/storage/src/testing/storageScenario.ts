import type { Archive, Backup, DataOf, InstanceRef, StorageOutputs } from "@bbws/contracts";
import { evolveStorage } from "../domain/evolveStorage.ts";
import {
  type FailureDetails,
  INITIAL_STORAGE_STATE,
  type StorageEffect,
  type StorageFact,
  type StorageState,
} from "../domain/storageState.ts";
import { storageRequest } from "./storageRequest.ts";

export const INSTANCE: InstanceRef = {
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
};
export const OPERATION = "0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
export const EARLIER = "earlier-request";

export const OUTPUTS: StorageOutputs = {
  accessPointId: "fsap-1",
  rootDirectory: "/tenants/acme",
  posixUid: 20_001,
  posixGid: 20_001,
  databaseHost: "127.0.0.1",
  databasePort: 3306,
  databaseName: "wp_acme",
  databaseUser: "wp_acme",
  credentialsSecretRef: "local-secret:acme/dev/db",
};
export const ARCHIVE: Archive = { location: "/archive/acme/a.tar.gz", sha256: "a".repeat(64), sizeBytes: 10 };
export const BACKUP: Backup = {
  ...ARCHIVE,
  backupId: "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
  takenAt: "2026-11-22T10:00:00.000Z",
};

/** A restore's safety backup: backupId = operationId. */
export const SAFETY: Backup = {
  ...BACKUP,
  backupId: OPERATION,
  location: `/archive/acme/backups/${OPERATION}.tar.gz`,
};

/** A step that succeeded for an earlier request. */
export const did = (effect: StorageEffect, value?: unknown): StorageFact => ({
  kind: "succeeded",
  effect,
  value,
  request: EARLIER,
});

export const failed = (effect: StorageEffect, failure: FailureDetails, request = EARLIER): StorageFact => ({
  kind: "failed",
  effect,
  failure,
  request,
});

/** Every provisioning step, done. */
export const PROVISIONED = [
  did({ kind: "claimTenant" }),
  did({ kind: "allocateUid" }, 20_001),
  did({ kind: "ensureContentArea", uid: 20_001 }, { accessPointId: "fsap-1" }),
  did({ kind: "ensureCredentials" }, { secretRef: OUTPUTS.credentialsSecretRef }),
  did({ kind: "ensureDatabase" }),
  did(
    {
      kind: "completeStorage",
      uid: 20_001,
      accessPointId: "fsap-1",
      secretRef: OUTPUTS.credentialsSecretRef,
    },
    OUTPUTS,
  ),
];

/** Every release step, done, after an archive. */
export const RELEASED = [
  did({ kind: "archiveData" }, ARCHIVE),
  did({ kind: "releaseContent" }, ["access-point:fsap-1"]),
  did({ kind: "dropDatabase" }, ["user:wp_acme", "database:wp_acme"]),
  did({ kind: "removeCredentials" }, ["secret:acme/dev/db"]),
  did({ kind: "releaseUid" }, ["uid:20001"]),
  did({ kind: "forgetStorage" }),
];

export function given(...facts: readonly StorageFact[]): StorageState {
  return facts.reduce(evolveStorage, INITIAL_STORAGE_STATE);
}

export const requests = {
  provision: (eventId?: string) =>
    storageRequest(
      "InstanceRequested",
      { operationId: OPERATION, spec: specOf() },
      INSTANCE,
      ...(eventId ? [eventId] : []),
    ),
  release: (data: Partial<DataOf<"ReleaseRequested">> = {}, eventId?: string) =>
    storageRequest(
      "ReleaseRequested",
      { operationId: OPERATION, service: "storage", reason: "deprovision", archive: true, ...data },
      INSTANCE,
      ...(eventId ? [eventId] : []),
    ),
  backup: (operationId = OPERATION) =>
    storageRequest("BackupRequested", { operationId, backupId: BACKUP.backupId }, INSTANCE),
  restore: (operationId = OPERATION, backup: Backup | null = BACKUP) =>
    storageRequest(
      "RestoreRequested",
      { operationId, backupId: BACKUP.backupId, ...(backup ? { backup } : {}) },
      INSTANCE,
    ),
  rotate: (
    phase: DataOf<"CredentialsRotationRequested">["phase"],
    operationId = OPERATION,
    rotationId?: string,
  ) =>
    storageRequest(
      "CredentialsRotationRequested",
      { operationId, phase, ...(rotationId ? { rotationId } : {}) },
      INSTANCE,
    ),
};

function specOf(): DataOf<"InstanceRequested">["spec"] {
  return {
    tenantId: INSTANCE.tenantId,
    environment: INSTANCE.environment,
    size: "small",
    desiredCount: 1,
    wordpress: { version: "6.1", image: "wordpress:6.1" },
    hostname: "acme.sites.example.com",
  };
}
