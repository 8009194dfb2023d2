import { randomUUID } from "node:crypto";
import {
  type Archive,
  type Backup,
  type DataOf,
  type DomainEvent,
  type InstanceRef,
  type InstanceSpec,
  instanceRefOf,
  type StorageOutputs,
} from "@bbws/contracts";
import { type Answer, runStep } from "@bbws/mesh";
import { runStorageEffect, storageDecider } from "../application/createStorageService.ts";
import { StorageError, type StorageErrorCode } from "../domain/errors.ts";
import type { StorageProvider } from "../ports.ts";
import { storageRequest } from "./storageRequest.ts";

/**
 * Adapter tests drive a provider's steps in the decider's order, from a fresh state each call (so
 * a second call proves every step adopts what exists), without a journal or a queue. Every step
 * runs as on a message's last receive: its failure goes to the decider (a failed swap puts the
 * safety backup back), and the decider's failure answer is thrown as a StorageError.
 */
export function storageFlowOf(provider: StorageProvider) {
  const operationId = randomUUID;
  return {
    ...provider,
    async ensureStorage(instance: InstanceRef, spec: InstanceSpec): Promise<StorageOutputs> {
      const answer = await drive(
        provider,
        storageRequest("InstanceRequested", { operationId: operationId(), spec }, instance),
      );
      if (answer.type !== "StorageReady") throw new Error(`unexpected ${answer.type}`);
      return answer.data.outputs;
    },
    async releaseStorage(
      instance: InstanceRef,
      options: { archive: boolean },
    ): Promise<{ released: string[]; archive?: Archive }> {
      const data = {
        operationId: operationId(),
        service: "storage",
        reason: "deprovision",
        ...options,
      } as const;
      const answer = await drive(provider, storageRequest("ReleaseRequested", data, instance));
      if (answer.type !== "StorageReleased") throw new Error(`unexpected ${answer.type}`);
      const { released, archive } = answer.data;
      return archive ? { released, archive } : { released };
    },
    async backup(instance: InstanceRef, backupId: string): Promise<Backup> {
      const data = { operationId: operationId(), backupId };
      const answer = await drive(provider, storageRequest("BackupRequested", data, instance));
      if (answer.type !== "OperationStepCompleted" || !answer.data.backup)
        throw new Error(`unexpected ${answer.type}`);
      return answer.data.backup;
    },
    async restore(instance: InstanceRef, request: { operationId: string; backup?: Backup }): Promise<Backup> {
      const data = { ...request, backupId: request.backup?.backupId ?? randomUUID() };
      const answer = await drive(provider, storageRequest("RestoreRequested", data, instance));
      if (answer.type !== "OperationStepCompleted" || !answer.data.backup)
        throw new Error(`unexpected ${answer.type}`);
      return answer.data.backup;
    },
    /** One phase of a credentials rotation; a failure (after the decider's compensation) is thrown. */
    async rotate(instance: InstanceRef, data: DataOf<"CredentialsRotationRequested">): Promise<void> {
      const answer = await drive(provider, storageRequest("CredentialsRotationRequested", data, instance));
      if (answer.type !== "OperationStepCompleted") throw new Error(`unexpected ${answer.type}`);
    },
  };
}

const LAST_RECEIVE = { receiveCount: 1, maxReceiveCount: 1, area: "storage" } as const;

async function drive(provider: StorageProvider, request: DomainEvent): Promise<Answer> {
  let state = storageDecider.initialState;
  for (;;) {
    const verdict = storageDecider.decide(state, request);
    if (verdict.kind !== "decide") throw new Error(`storage did not act: ${verdict.kind}`);
    const answer = verdict.emit?.at(-1);
    if (!verdict.run) {
      if (!answer) throw new Error("storage decided nothing");
      if (answer.type === "StorageFailed" || answer.type === "OperationStepFailed")
        throw new StorageError(answer.data.code as StorageErrorCode, answer.data.reason, answer.data);
      return answer;
    }
    const effect = verdict.run;
    const outcome = await runStep(
      () => runStorageEffect(provider, effect, instanceRefOf(request)),
      LAST_RECEIVE,
    );
    const eventId = request.detail.meta.eventId;
    state = storageDecider.evolve(
      state,
      outcome.ok
        ? { kind: "succeeded", effect, value: outcome.value, request: eventId }
        : { kind: "failed", effect, failure: outcome.failure, request: eventId },
    );
  }
}
export type StorageFlow = ReturnType<typeof storageFlowOf>;
