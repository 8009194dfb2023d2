import type { InstanceRef } from "@bbws/contracts";
import { StorageError } from "../domain/errors.ts";
import { type StorageNames, storageNamesOf } from "../domain/storageNames.ts";
import type { StorageProvider } from "../ports.ts";
import type { CredentialVersion, StorageParts } from "./storageParts.ts";

type RotationSteps = Pick<
  StorageProvider,
  | "createPendingCredentials"
  | "setPendingPassword"
  | "testPendingCredentials"
  | "promotePendingCredentials"
  | "restorePreviousCredentials"
  | "revokePreviousCredentials"
>;

/**
 * A credentials rotation with alternating users, on either cloud: the secret's versions say which
 * user is current; the new password always goes to the other one, so the current credentials keep
 * working until compute serves on the new ones. Every step is idempotent (a redelivery repeats it).
 */
export function rotationSteps(parts: StorageParts): RotationSteps {
  const { credentials, database } = parts;
  const namesOf = async (instance: InstanceRef) => provisioned(parts, storageNamesOf(instance));

  return {
    async createPendingCredentials(instance, rotationId) {
      const names = await namesOf(instance);
      const { current, pending } = await credentials.versions(names);
      if (pending) return;
      const user = otherUser(names, current.credentials.user);
      await credentials.putPending(
        names,
        { ...current.credentials, user, password: parts.newPassword() },
        rotationId,
      );
    },
    async setPendingPassword(instance, rotationId) {
      const names = await namesOf(instance);
      const { user, password } = pendingOf(await credentials.versions(names), rotationId).credentials;
      await database.setPassword({ database: names.databaseName, user, password });
    },
    async testPendingCredentials(instance, rotationId) {
      const names = await namesOf(instance);
      await database.testLogin(pendingOf(await credentials.versions(names), rotationId).credentials);
    },
    async promotePendingCredentials(instance, rotationId) {
      const names = await namesOf(instance);
      const { current } = await credentials.versions(names);
      if (current.versionId === rotationId) return;
      pendingOf(await credentials.versions(names), rotationId);
      await credentials.promote(names, rotationId);
    },
    /** Undoes the promotion of `rotationId` only: an older previous version stays as it is. */
    async restorePreviousCredentials(instance, rotationId) {
      await credentials.demote(await namesOf(instance), rotationId);
    },
    async revokePreviousCredentials(instance) {
      const names = await namesOf(instance);
      const { current } = await credentials.versions(names);
      // A password nobody keeps: the user stays (with its grants) for the next rotation.
      const user = otherUser(names, current.credentials.user);
      await database.revokePassword({ user, password: parts.newPassword() });
      await credentials.forgetPrevious(names);
    },
  };
}

/** The user the rotation alternates to: whichever of the tenant's two the current credentials do not name. */
export function otherUser(names: StorageNames, currentUser: string): string {
  return currentUser === names.databaseAlternateUser ? names.databaseUser : names.databaseAlternateUser;
}

function pendingOf(
  versions: { pending?: CredentialVersion | undefined },
  rotationId: string,
): CredentialVersion {
  const { pending } = versions;
  if (pending && pending.versionId === rotationId) return pending;
  throw new StorageError(
    "STORAGE.SECRET_FAILED",
    pending
      ? `the pending credentials belong to rotation ${pending.versionId}, not ${rotationId}`
      : `rotation ${rotationId} has no pending credentials`,
    { retryable: false },
  );
}

/** Only storage this instance holds, fully created, is rotated. */
async function provisioned(parts: StorageParts, names: StorageNames): Promise<StorageNames> {
  const record = await parts.records.get(names.recordKey);
  if (record?.instanceId === names.instanceId && record.state === "created") return names;
  throw new StorageError(
    "STORAGE.NOT_PROVISIONED",
    `instance ${names.instanceId} holds no storage to rotate`,
    {
      retryable: false,
    },
  );
}
