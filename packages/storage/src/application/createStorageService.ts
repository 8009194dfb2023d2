import { type DomainEvent, instanceRefOf } from "@bbws/contracts";
import {
  answerStep,
  type DeliveryContext,
  type EventPublisher,
  type ReplyContext,
  reply,
  runStep,
} from "@bbws/mesh";
import { StorageError } from "../domain/errors.ts";
import type { StorageProvider } from "../ports.ts";

export interface StorageServiceDeps {
  readonly provider: StorageProvider;
  readonly publisher: EventPublisher;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly maxReceiveCount: number;
}

/** Reacts to InstanceRequested, ReleaseRequested(storage), BackupRequested and RestoreRequested. */
export function createStorageService(deps: StorageServiceDeps) {
  const context: ReplyContext = { producer: "storage", clock: deps.clock, newId: deps.newId };
  const { provider } = deps;

  async function answer(event: DomainEvent, delivery: DeliveryContext): Promise<DomainEvent | null> {
    const instance = instanceRefOf(event);
    const policy = { ...delivery, maxReceiveCount: deps.maxReceiveCount, area: "storage" };
    switch (event["detail-type"]) {
      case "InstanceRequested": {
        const { operationId, spec } = event.detail.data;
        const outcome = await runStep(() => provider.ensureStorage(instance, spec), policy);
        return outcome.ok
          ? reply(event, "StorageReady", { operationId, outputs: outcome.value }, context)
          : reply(event, "StorageFailed", { operationId, ...outcome.failure }, context);
      }
      case "ReleaseRequested": {
        const { operationId, reason, archive, service } = event.detail.data;
        if (service !== "storage") return null;
        const outcome = await runStep(() => provider.releaseStorage(instance, { archive }), policy);
        return outcome.ok
          ? reply(event, "StorageReleased", { operationId, reason, ...outcome.value }, context)
          : reply(event, "StorageFailed", { operationId, ...outcome.failure }, context);
      }
      case "BackupRequested": {
        const { operationId, backupId } = event.detail.data;
        const outcome = await runStep(() => provider.backup(instance, backupId), policy);
        return answerStep({
          incoming: event,
          operationId,
          operation: "backup",
          service: "storage",
          outcome,
          result: (backup) => ({ backup }),
          context,
        });
      }
      case "RestoreRequested": {
        const { operationId, backupId, backup } = event.detail.data;
        const outcome = await runStep(async () => {
          if (!backup)
            throw new StorageError(
              "STORAGE.BACKUP_INVALID",
              `RestoreRequested for backup ${backupId} carries no backup record (sent by an older ledger); start the restore again`,
              { retryable: false },
            );
          return provider.restore(instance, { operationId, backup });
        }, policy);
        return answerStep({
          incoming: event,
          operationId,
          operation: "restore",
          service: "storage",
          outcome,
          result: (safety) => ({ backup: safety }),
          // Half-restored data must not be served: the ledger leaves the instance suspended.
          failureFlags: (code) => (code === "STORAGE.RESTORE_INCOMPLETE" ? { unsafeToResume: true } : {}),
          context,
        });
      }
      default:
        return null;
    }
  }

  return async function handle(event: DomainEvent, delivery: DeliveryContext): Promise<void> {
    const answered = await answer(event, delivery);
    if (answered) await deps.publisher.publish([answered]);
  };
}
