import type { DataOf, DomainEvent } from "@bbws/contracts";
import { decideBackup, decideRestore } from "./decideOperation.ts";
import { decideRotation } from "./decideRotation.ts";
import {
  type ProvisionState,
  RELEASE_STEPS,
  type ReleaseState,
  type ReleaseStep,
  releaseOf,
  type StorageEffect,
  type StorageState,
  type StorageVerdict,
} from "./storageState.ts";

const CLOSED = "the instance's storage was released: nothing is created again";

/**
 * Storage's decisions about one instance. Provisioning: claim the tenant, uid, content area,
 * credentials, database, then the record that says it is complete. Release: archive (when asked)
 * before anything is dropped, then content, database and user, secret, uid, records. Backup and
 * restore: `decideOperation.ts`; credentials rotation: `decideRotation.ts`. A released instance is closed: a late or replayed request for it is acknowledged with no effect.
 */
export function decideStorage(state: StorageState, request: DomainEvent): StorageVerdict {
  const eventId = request.detail.meta.eventId;
  switch (request["detail-type"]) {
    case "InstanceRequested":
      return decideProvision(state, request.detail.data.operationId, eventId);
    case "ReleaseRequested":
      if (request.detail.data.service !== "storage") return { kind: "notMine" };
      return decideRelease(state, request.detail.data, eventId);
    case "BackupRequested":
      if (state.closed) return { kind: "ignore", reason: CLOSED };
      return decideBackup(state, request.detail.data);
    case "RestoreRequested":
      if (state.closed) return { kind: "ignore", reason: CLOSED };
      return decideRestore(state, request.detail.data);
    case "CredentialsRotationRequested":
      if (state.closed) return { kind: "ignore", reason: CLOSED };
      return decideRotation(state, request.detail.data);
    default:
      return { kind: "notMine" };
  }
}

function decideProvision(state: StorageState, operationId: string, eventId: string): StorageVerdict {
  if (state.closed) return { kind: "ignore", reason: CLOSED };
  const { provision } = state;
  if (provision.failed?.request === eventId)
    return {
      kind: "decide",
      emit: [{ type: "StorageFailed", data: { operationId, ...provision.failed.failure } }],
    };
  if (provision.outputs)
    return {
      kind: "decide",
      emit: [{ type: "StorageReady", data: { operationId, outputs: provision.outputs } }],
    };
  return { kind: "decide", run: nextProvisionStep(provision) };
}

/** Credentials are stored before the database user exists, so a password is never lost. */
function nextProvisionStep(provision: ProvisionState): StorageEffect {
  const { uid, accessPointId, secretRef } = provision;
  if (!provision.claimed) return { kind: "claimTenant" };
  if (uid === undefined) return { kind: "allocateUid" };
  if (accessPointId === undefined) return { kind: "ensureContentArea", uid };
  if (secretRef === undefined) return { kind: "ensureCredentials" };
  if (!provision.database) return { kind: "ensureDatabase" };
  return { kind: "completeStorage", uid, accessPointId, secretRef };
}

/**
 * Release steps run even when this journal saw no provisioning (storage created before the journal
 * existed, or by a request whose journal write was lost): each step adopts what exists, and touches
 * nothing that is not this instance's.
 */
function decideRelease(
  state: StorageState,
  data: DataOf<"ReleaseRequested">,
  eventId: string,
): StorageVerdict {
  const { operationId, reason } = data;
  const release = releaseOf(state);
  if (release.failed?.request === eventId)
    return {
      kind: "decide",
      emit: [{ type: "StorageFailed", data: { operationId, ...release.failed.failure } }],
    };
  const next = state.closed ? undefined : nextReleaseStep(release, data.archive);
  if (next) return { kind: "decide", run: { kind: next } };
  const archive = release.archive ? { archive: release.archive } : {};
  const released = [...release.released];
  return {
    kind: "decide",
    emit: [{ type: "StorageReleased", data: { operationId, reason, released, ...archive } }],
  };
}

/** Nothing is dropped before the archive is verified. */
function nextReleaseStep(release: ReleaseState, archive: boolean): "archiveData" | ReleaseStep | undefined {
  if (archive && release.archive === undefined) return "archiveData";
  return RELEASE_STEPS.find((step) => !release.done.includes(step));
}
